using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Reading;

/// <summary>
/// A checkout as a reader sees it at one moment. <see cref="Timeline"/> holds the states it entered, oldest
/// first; a page of orders leaves it empty, as the order history does not show it.
/// </summary>
public sealed record CheckoutSnapshot(
    string RequestId,
    long UserId,
    string State,
    string? ReasonCode,
    string? Reason,
    long? OrderId,
    IReadOnlyList<LineSnapshot> Items,
    decimal? TotalAmount,
    string? Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TimelineSnapshot> Timeline)
{
    public static CheckoutSnapshot Of(OrderState saga, IReadOnlyList<TimelineSnapshot> timeline) => new(
        saga.RequestId,
        saga.UserId,
        saga.CurrentState,
        saga.ReasonCode,
        saga.Reason,
        saga.OrderId,
        saga.Lines.Select(l => new LineSnapshot(l.ProductId, l.Name, l.Quantity, l.UnitPrice, l.LineTotal)).ToList(),
        saga.TotalAmount,
        saga.Currency,
        saga.CreatedAt,
        saga.UpdatedAt,
        timeline);
}

public sealed record LineSnapshot(int ProductId, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal);

/// <summary>One state the checkout entered, with the reason code it had then and when.</summary>
public sealed record TimelineSnapshot(string State, string? ReasonCode, DateTimeOffset At);

public sealed record OrdersPage(IReadOnlyList<CheckoutSnapshot> Orders, int Page, int PageSize, int Total);
