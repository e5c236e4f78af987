using System.ComponentModel;
using Orders.StateMachine.Reading;

namespace Orders.Api.Gateway;

/// <summary>The answer of GET /Order/pay-result/{requestId}: how the checkout's payment stands.</summary>
public sealed record PayResultResponse(
    string RequestId,
    [property: Description("PENDING, SUCCESS, FAILED, CANCELLED, REFUNDING or REFUND_FAILED (see docs/api.md, gateway compatibility).")] string Status,
    [property: Description("The checkout's own state, as GET /orders/checkout/{requestId} names it.")] string State,
    [property: Description("\"ORD_<number>\" once the checkout is priced; null before.")] string? OrderId,
    [property: Description("The order total in cents (minor units); null before pricing.")] long? TotalAmount,
    string? Currency,
    [property: Description("Why the checkout failed or was cancelled, such as PAYMENT_DECLINED; null otherwise.")] string? ReasonCode,
    string? Reason)
{
    public static PayResultResponse Of(CheckoutSnapshot checkout) => new(
        checkout.RequestId,
        LegacyFormat.StatusOfCheckout(checkout.State),
        checkout.State,
        checkout.OrderId is { } id ? LegacyFormat.OrderId(id) : null,
        checkout.TotalAmount is { } total ? LegacyFormat.MinorUnits(total) : null,
        checkout.Currency,
        checkout.ReasonCode,
        checkout.Reason);
}
