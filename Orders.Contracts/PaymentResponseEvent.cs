using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Payment service's answer to a <see cref="PaymentRequestEvent"/> (topic payment-responses).</summary>
public sealed record PaymentResponseEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("success")] public required bool Success { get; init; }
    [JsonPropertyName("transactionId")] public string? TransactionId { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
