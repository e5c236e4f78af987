using System.ComponentModel;

namespace Orders.Api.Checkout;

/// <summary>The body of POST /orders/checkout.</summary>
public sealed record CheckoutRequest(
    [property: Description("The client's idempotency key: 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.")] string RequestId,
    [property: Description("1 to 100 lines, each product at most once.")] IReadOnlyList<CheckoutItemRequest> Items);

/// <summary>One line of a checkout request.</summary>
public sealed record CheckoutItemRequest(
    [property: Description("A positive product id.")] int ProductId,
    [property: Description("From 1 to 1000.")] int Quantity);
