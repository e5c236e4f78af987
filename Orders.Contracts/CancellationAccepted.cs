using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Reply to <see cref="CancelCheckout"/>: the checkout is cancelled, or a refund is under way.</summary>
public sealed record CancellationAccepted
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
}
