namespace Orders.Api.Checkout;

/// <summary>The answer to an accepted checkout; the Location header says where to poll it.</summary>
public sealed record CheckoutAcceptedResponse(string RequestId);
