using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Starts a checkout. The requestId is the client's idempotency key.</summary>
public sealed record SubmitCheckout
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("userId")] public required long UserId { get; init; }
    [JsonPropertyName("email")] public required string Email { get; init; }
    [JsonPropertyName("items")] public required IReadOnlyList<CheckoutLine> Items { get; init; }
}
