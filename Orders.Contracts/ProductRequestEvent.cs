using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Product service to price and validate a checkout's items (topic product-requests).</summary>
public sealed record ProductRequestEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("userId")] public required long UserId { get; init; }
    [JsonPropertyName("email")] public required string Email { get; init; }
    [JsonPropertyName("items")] public required IReadOnlyList<CheckoutLine> Items { get; init; }
}
