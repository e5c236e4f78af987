using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Outbox;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Saga;

/// <summary>
/// The checkout saga's repository on PostgreSQL, plugged into MassTransit's own saga pipeline. Every
/// delivery attempt gets a fresh DbContext and one transaction: a retry after a concurrency conflict
/// loads the checkout anew instead of reusing a stale tracked one. Concurrency is optimistic, on the
/// row's <c>xmin</c>; the endpoint's message retry resolves conflicts. What the step publishes is saved
/// to the outbox in the same transaction, and the relay is woken once it has committed.
/// </summary>
/// <remarks>
/// When the scope has an open <see cref="SagaStepBatch"/>, a step runs on the batch's DbContext instead and saves
/// nothing; a failure is rethrown as <see cref="SagaBatchAbortedException"/>, which the endpoint's retry leaves
/// alone, because the step cannot be retried on its own inside the batch.
/// </remarks>
public sealed class PostgresSagaRepositoryContextFactory(
    IDbContextFactory<OrdersDbContext> dbContexts,
    ISagaConsumeContextFactory<OrdersDbContext, OrderState> sagaContexts,
    SagaStepDbContext step,
    SagaStepBatch batch,
    OutboxSignal outbox)
    : ISagaRepositoryContextFactory<OrderState>, IQuerySagaRepositoryContextFactory<OrderState>, ILoadSagaRepositoryContextFactory<OrderState>
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<OrderState, T>> next)
        where T : class =>
        InStepAsync(context, (db, inBatch) => next.Send(new PostgresSagaRepositoryContext<T>(db, inBatch, context, sagaContexts)));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<OrderState> query, IPipe<SagaRepositoryQueryContext<OrderState, T>> next)
        where T : class =>
        InStepAsync(context, async (db, inBatch) =>
        {
            var ids = await db.Checkouts.Where(query.FilterExpression).Select(s => s.CorrelationId)
                .ToListAsync(context.CancellationToken).ConfigureAwait(false);
            var repositoryContext = new PostgresSagaRepositoryContext<T>(db, inBatch, context, sagaContexts);
            await next.Send(new DefaultSagaRepositoryQueryContext<OrderState, T>(repositoryContext, ids)).ConfigureAwait(false);
        });

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<OrderState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ReadAsync(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<OrderState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ReadAsync(asyncMethod, cancellationToken);

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    private async Task InStepAsync(ConsumeContext context, Func<OrdersDbContext, SagaStepBatch?, Task> work)
    {
        if (batch.Db is { } shared)
        {
            try
            {
                using (step.Enter(shared))
                    await work(shared, batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not SagaBatchAbortedException)
            {
                throw new SagaBatchAbortedException(ex);
            }
            return;
        }

        var db = await dbContexts.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A failed save fails the whole step (it is retried from the start), so SaveChanges needs no savepoint of its own.
                db.Database.AutoSavepointsEnabled = false;
                // The step's save detects what changed, once (see PostgresSagaRepositoryContext.SaveAsync).
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                using (step.Enter(db))
                    await work(db, null).ConfigureAwait(false);

                await transaction.CommitAsync(context.CancellationToken).ConfigureAwait(false);
            }

            if (db.ChangeTracker.Entries<OutboxMessageRecord>().Any())
                outbox.Notify();
        }
    }

    private async Task<T> ReadAsync<T>(Func<PostgresSagaReadContext, Task<T>> read, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
            return await read(new PostgresSagaReadContext(db, cancellationToken)).ConfigureAwait(false);
    }
}
