using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Reply to <see cref="SubmitCheckout"/>: the requestId is already used by a different request.</summary>
public sealed record CheckoutConflict
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}
