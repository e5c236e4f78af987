namespace Orders.Api.Checkout;

/// <summary>An accepted cancellation: the state is Cancelled, or Refunding while the payment is paid back.</summary>
public sealed record CancellationResponse(string RequestId, string State);
