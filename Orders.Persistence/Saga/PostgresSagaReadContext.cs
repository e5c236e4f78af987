using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Saga;

/// <summary>Reads checkouts outside a saga step (ILoadSagaRepository, IQuerySagaRepository): untracked, nothing is written.</summary>
public sealed class PostgresSagaReadContext(OrdersDbContext db, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<OrderState>, QuerySagaRepositoryContext<OrderState>
{
    public Task<OrderState> Load(Guid correlationId) =>
        db.Checkouts.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<OrderState>> Query(ISagaQuery<OrderState> query, CancellationToken cancellationToken = default)
    {
        var ids = await db.Checkouts.AsNoTracking().Where(query.FilterExpression).Select(s => s.CorrelationId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DefaultSagaRepositoryQueryContext<OrderState>(this, ids);
    }
}
