using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Product service's answer to a <see cref="ProductRequestEvent"/> (topic product-responses).</summary>
[Description("The Product service's answer to a product.request: per item its name, unit price and availability.")]
public sealed record ProductResponseEvent
{
    [Description("The requestId of the product.request answered.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("The currency of every unitPrice, a three-letter ISO 4217 code.")]
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [Description("One entry per item asked for.")]
    [JsonPropertyName("items")] public required IReadOnlyList<ProductResponseItem> Items { get; init; }
}
