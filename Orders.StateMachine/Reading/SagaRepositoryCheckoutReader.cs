using MassTransit;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Reading;

/// <summary>Reads checkouts through MassTransit's saga query and load interfaces.</summary>
public sealed class SagaRepositoryCheckoutReader(IQuerySagaRepository<OrderState> query, ILoadSagaRepository<OrderState> load) : ICheckoutReader
{
    public async Task<CheckoutSnapshot?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        var saga = await load.Load(CheckoutId.For(requestId)).ConfigureAwait(false);
        return saga is null ? null : CheckoutSnapshot.Of(saga);
    }

    public async Task<OrdersPage> ListOrdersAsync(long userId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var ids = await query.Find(new ExpressionSagaQuery<OrderState>(s => s.UserId == userId && s.OrderId != null)).ConfigureAwait(false);
        var orders = new List<CheckoutSnapshot>();
        foreach (var id in ids)
        {
            if (await load.Load(id).ConfigureAwait(false) is { } saga)
                orders.Add(CheckoutSnapshot.Of(saga));
        }
        var newestFirst = orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId).ToList();
        return new OrdersPage(newestFirst.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, newestFirst.Count);
    }
}
