using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Payment service to refund a charged order (topic payment-requests).</summary>
public sealed record RefundRequestEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("orderId")] public required long OrderId { get; init; }
    [JsonPropertyName("transactionId")] public required string TransactionId { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
}
