using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Payment service to charge an order's total (topic payment-requests).</summary>
public sealed record PaymentRequestEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("orderId")] public required long OrderId { get; init; }
    [JsonPropertyName("userId")] public required long UserId { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
}
