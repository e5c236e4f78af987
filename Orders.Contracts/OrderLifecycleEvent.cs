using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>
/// The envelope of every event on the orders topic (order.created, order.paid, ...).
/// The id is derived from the checkout and the event type, so consumers can drop redeliveries by it.
/// </summary>
public sealed record OrderLifecycleEvent
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("timestamp")] public required DateTimeOffset Timestamp { get; init; }
    [JsonPropertyName("version")] public string Version { get; init; } = "1.0";
    [JsonPropertyName("data")] public required OrderEventData Data { get; init; }
}
