using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Product service's answer to a <see cref="ProductRequestEvent"/> (topic product-responses).</summary>
public sealed record ProductResponseEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("items")] public required IReadOnlyList<ProductResponseItem> Items { get; init; }
}
