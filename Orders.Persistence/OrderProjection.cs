using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Keeps <c>orders</c> and <c>order_items</c> in step with the checkout saga. The saga repository calls it at the
/// end of each step, so the order rows commit or roll back with the step that changed them: a retried or
/// conflicting step never leaves an order behind.
/// </summary>
public static class OrderProjection
{
    public static void Apply(OrdersDbContext db, OrderState saga, SagaStepStart start)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(saga);
        if (saga.OrderId is not { } orderId)
            return;

        // An order added earlier in the same batch is still waiting to be inserted: it takes the new status with it.
        var order = db.Orders.Local.FindEntry(orderId);
        if (start.OrderId is null && order is null)
        {
            db.Orders.Add(Create(saga, orderId));
            return;
        }
        if (start.State == saga.CurrentState)
            return;

        if (order is { State: EntityState.Added })
        {
            order.Entity.Status = OrderStatus.For(saga.CurrentState);
            order.Entity.UpdatedAt = saga.UpdatedAt;
            return;
        }

        // The order row is not loaded: a stand-in with only its key is attached and its status and time marked
        // changed, so the UPDATE rides in the step's own save (one round trip) and touches only those two columns.
        var changed = order ?? db.Orders.Attach(new OrderRecord { Id = orderId });
        changed.Property(o => o.Status).CurrentValue = OrderStatus.For(saga.CurrentState);
        changed.Property(o => o.Status).IsModified = true;
        changed.Property(o => o.UpdatedAt).CurrentValue = saga.UpdatedAt;
        changed.Property(o => o.UpdatedAt).IsModified = true;
    }

    private static OrderRecord Create(OrderState saga, long orderId) => new()
    {
        Id = orderId,
        RequestId = saga.RequestId,
        UserId = saga.UserId,
        TotalAmount = saga.TotalAmount ?? 0m,
        Currency = saga.Currency ?? "",
        Status = OrderStatus.For(saga.CurrentState),
        CreatedAt = saga.UpdatedAt,
        UpdatedAt = saga.UpdatedAt,
        Items = saga.Lines.Select((line, index) => new OrderItemRecord
        {
            OrderId = orderId,
            LineNumber = index + 1,
            ProductId = line.ProductId,
            Name = line.Name ?? "",
            Quantity = line.Quantity,
            UnitPrice = line.UnitPrice ?? 0m,
            LineTotal = line.LineTotal ?? 0m,
        }).ToList(),
    };
}
