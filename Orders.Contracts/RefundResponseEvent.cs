using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The Payment service's answer to a <see cref="RefundRequestEvent"/> (topic payment-responses).</summary>
[Description("The Payment service's answer to a refund.request.")]
public sealed record RefundResponseEvent
{
    [Description("The requestId of the refund.request answered.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("Whether the refund was made.")]
    [JsonPropertyName("success")] public required bool Success { get; init; }
    [Description("The refund's id, required when success is true.")]
    [JsonPropertyName("refundId")] public string? RefundId { get; init; }
    [Description("Why the refund failed, in words.")]
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
