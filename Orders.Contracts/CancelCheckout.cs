using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks to cancel a checkout on behalf of its user.</summary>
public sealed record CancelCheckout
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("userId")] public required long UserId { get; init; }
}
