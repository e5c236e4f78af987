using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Reading;

/// <summary>A checkout as a reader sees it at one moment.</summary>
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
    DateTimeOffset UpdatedAt)
{
    public static CheckoutSnapshot Of(OrderState saga) => new(
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
        saga.UpdatedAt);
}

public sealed record LineSnapshot(int ProductId, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal);

public sealed record OrdersPage(IReadOnlyList<CheckoutSnapshot> Orders, int Page, int PageSize, int Total);
