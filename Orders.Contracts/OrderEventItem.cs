using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>One line of an order in the lifecycle envelope; names are those existing consumers read.</summary>
public sealed record OrderEventItem
{
    [JsonPropertyName("product_id")] public required int ProductId { get; init; }
    [JsonPropertyName("quantity")] public required int Quantity { get; init; }
    [JsonPropertyName("price")] public required decimal Price { get; init; }
}
