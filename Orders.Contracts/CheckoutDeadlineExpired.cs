using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>
/// A checkout's pricing or payment deadline has passed. The token names the deadline, so one that was
/// replaced or cleared in the meantime is recognised as stale and ignored.
/// </summary>
public sealed record CheckoutDeadlineExpired
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("deadlineToken")] public required Guid DeadlineToken { get; init; }
}
