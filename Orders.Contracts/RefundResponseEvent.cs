using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Payment service's answer to a <see cref="RefundRequestEvent"/> (topic payment-responses).</summary>
public sealed record RefundResponseEvent
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("success")] public required bool Success { get; init; }
    [JsonPropertyName("refundId")] public string? RefundId { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
