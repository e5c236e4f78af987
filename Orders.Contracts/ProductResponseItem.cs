using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Product service's answer for one product. A null name means the product is unknown.</summary>
public sealed record ProductResponseItem
{
    [JsonPropertyName("productId")] public required int ProductId { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("unitPrice")] public decimal? UnitPrice { get; init; }
    [JsonPropertyName("available")] public required bool Available { get; init; }
}
