using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>One line of a checkout as the client asked for it.</summary>
public sealed record CheckoutLine
{
    [Description("The product's id in the Product service.")]
    [JsonPropertyName("productId")] public required int ProductId { get; init; }
    [Description("How many.")]
    [JsonPropertyName("quantity")] public required int Quantity { get; init; }
}
