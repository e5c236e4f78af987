using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Shipping has started: the cut-off after which an order can no longer be cancelled.</summary>
public sealed record ShipmentStartedEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("shippedAt")] public required DateTimeOffset ShippedAt { get; init; }
}
