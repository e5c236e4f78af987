using System.ComponentModel;

namespace Orders.Api.Gateway;

/// <summary>One order in GET /Order/GetOrder, in the shape of the service this one replaces.</summary>
public sealed record LegacyOrderResponse(
    [property: Description("\"ORD_<number>\"")] string OrderId,
    [property: Description("The order total in cents (minor units).")] long TotalAmount,
    [property: Description("PENDING, SUCCESS, FAILED, TIMEOUT, CANCELLED, REFUNDING or REFUND_FAILED (see docs/api.md, gateway compatibility).")] string Status);
