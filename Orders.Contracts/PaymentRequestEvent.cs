using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Payment service to charge an order's total (topic payment-requests).</summary>
[Description("Asks the Payment service to charge an order's total.")]
public sealed record PaymentRequestEvent
{
    [Description("The checkout's id; the answer must carry it.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("The order's number.")]
    [JsonPropertyName("orderId")] public required long OrderId { get; init; }
    [Description("The user to charge.")]
    [JsonPropertyName("userId")] public required long UserId { get; init; }
    [Description("The total to charge, two decimals.")]
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
    [Description("A three-letter ISO 4217 code.")]
    [JsonPropertyName("currency")] public required string Currency { get; init; }
}
