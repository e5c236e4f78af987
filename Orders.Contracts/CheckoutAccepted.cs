using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Reply to <see cref="SubmitCheckout"/>: the checkout is recorded (now or by an identical earlier request).</summary>
public sealed record CheckoutAccepted
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
}
