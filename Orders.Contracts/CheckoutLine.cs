using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>One line of a checkout as the client asked for it.</summary>
public sealed record CheckoutLine
{
    [JsonPropertyName("productId")] public required int ProductId { get; init; }
    [JsonPropertyName("quantity")] public required int Quantity { get; init; }
}
