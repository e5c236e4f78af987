using Orders.Api.Checkout;
using Orders.StateMachine.Reading;

namespace Orders.Api.OrderHistory;

/// <summary>One of the caller's orders in the history.</summary>
public sealed record OrderSummaryResponse(
    string RequestId,
    long? OrderId,
    string State,
    decimal? TotalAmount,
    string? Currency,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CheckoutItemResponse> Items)
{
    public static OrderSummaryResponse Of(CheckoutSnapshot order) => new(
        order.RequestId,
        order.OrderId,
        order.State,
        order.TotalAmount,
        order.Currency,
        order.CreatedAt,
        order.Items.Select(CheckoutItemResponse.Of).ToList());
}
