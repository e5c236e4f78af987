using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>
/// The envelope of every event on the orders topic (order.created, order.paid, ...).
/// The id is derived from the checkout and the event type, so consumers can drop redeliveries by it.
/// </summary>
[Description("An event of an order's life (order.created, order.paid, ...) in the envelope existing consumers read.")]
public sealed record OrderLifecycleEvent
{
    /// <summary>The contract's version: raised when a change would break a consumer (see docs/messages.md, versioning).</summary>
    public const string CurrentVersion = "1.0";

    [Description("A decimal number fixed by checkout and event type: a redelivered event keeps it, so consumers can drop repeats.")]
    [JsonPropertyName("id")] public required string Id { get; init; }
    [Description("What happened.")]
    [JsonPropertyName("type")] public required string Type { get; init; }
    [Description("When it happened.")]
    [JsonPropertyName("timestamp")] public required DateTimeOffset Timestamp { get; init; }
    [Description("The version of this message's contract.")]
    [JsonPropertyName("version")] public string Version { get; init; } = CurrentVersion;
    [Description("The order as it is after the event.")]
    [JsonPropertyName("data")] public required OrderEventData Data { get; init; }
}
