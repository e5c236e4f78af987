using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Shipping has started: the cut-off after which an order can no longer be cancelled.</summary>
[Description("Shipping has started: after it, the order can no longer be cancelled.")]
public sealed record ShipmentStartedEvent
{
    [Description("The checkout being shipped.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("When shipping started.")]
    [JsonPropertyName("shippedAt")] public required DateTimeOffset ShippedAt { get; init; }
}
