using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Reply to <see cref="CancelCheckout"/>: the checkout's state forbids cancelling it.</summary>
public sealed record CancellationRefused
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}
