using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Product service's answer for one product. A null name means the product is unknown.</summary>
public sealed record ProductResponseItem
{
    [Description("The product asked for.")]
    [JsonPropertyName("productId")] public required int ProductId { get; init; }
    [Description("The product's name; null when the product is unknown.")]
    [JsonPropertyName("name")] public string? Name { get; init; }
    [Description("The price of one, in the answer's currency; null when unknown.")]
    [JsonPropertyName("unitPrice")] public decimal? UnitPrice { get; init; }
    [Description("Whether it can be sold now; false rejects the checkout.")]
    [JsonPropertyName("available")] public required bool Available { get; init; }
}
