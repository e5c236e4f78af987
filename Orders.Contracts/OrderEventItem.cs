using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>One line of an order in the lifecycle envelope; names are those existing consumers read.</summary>
public sealed record OrderEventItem
{
    [Description("The product's id.")]
    [JsonPropertyName("product_id")] public required int ProductId { get; init; }
    [Description("How many.")]
    [JsonPropertyName("quantity")] public required int Quantity { get; init; }
    [Description("The unit price.")]
    [JsonPropertyName("price")] public required decimal Price { get; init; }
}
