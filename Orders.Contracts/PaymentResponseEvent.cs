using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Payment service's answer to a <see cref="PaymentRequestEvent"/> (topic payment-responses).</summary>
[Description("The Payment service's answer to a payment.request.")]
public sealed record PaymentResponseEvent
{
    [Description("The requestId of the payment.request answered.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("Whether the charge was made.")]
    [JsonPropertyName("success")] public required bool Success { get; init; }
    [Description("The charge's id, required when success is true: a refund names it.")]
    [JsonPropertyName("transactionId")] public string? TransactionId { get; init; }
    [Description("Why the charge failed, in words.")]
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
