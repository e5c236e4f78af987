using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Payment service to refund a charged order (topic payment-requests).</summary>
[Description("Asks the Payment service to refund a charged order (after a cancellation or a late charge).")]
public sealed record RefundRequestEvent
{
    [Description("The checkout's id; the answer must carry it.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("The order's number.")]
    [JsonPropertyName("orderId")] public required long OrderId { get; init; }
    [Description("The charge to refund.")]
    [JsonPropertyName("transactionId")] public required string TransactionId { get; init; }
    [Description("The amount to refund.")]
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
    [Description("A three-letter ISO 4217 code.")]
    [JsonPropertyName("currency")] public required string Currency { get; init; }
}
