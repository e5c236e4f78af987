using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Persistence.Saga;

/// <summary>
/// One delivery of a message to the checkout saga, inside one transaction of one fresh DbContext. The
/// DbContext rides on this context as a payload, so the saga's activities reach it with
/// <c>GetPayload&lt;OrdersDbContext&gt;()</c> and write their rows in the same transaction.
/// </summary>
public sealed class PostgresSagaRepositoryContext<TMessage>(
    OrdersDbContext db,
    ConsumeContext<TMessage> context,
    ISagaConsumeContextFactory<OrdersDbContext, OrderState> sagaContexts)
    : ConsumeContextScope<TMessage>(context, db), SagaRepositoryContext<OrderState, TMessage>
    where TMessage : class
{
    private const string InsertSavepoint = "saga_insert";

    // Every step loads its checkout this way: compiled once, so no step pays for translating the query again.
    private static readonly Func<OrdersDbContext, Guid, CancellationToken, Task<OrderState?>> LoadTracked =
        EF.CompileAsyncQuery((OrdersDbContext db, Guid correlationId, CancellationToken _) =>
            db.Checkouts.AsTracking().SingleOrDefault(s => s.CorrelationId == correlationId));

    /// <summary>A new checkout the state machine is about to start; it is inserted by <see cref="Save"/>.</summary>
    public Task<SagaConsumeContext<OrderState, TMessage>> Add(OrderState instance) =>
        sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Add);

    /// <summary>
    /// Inserts before the machine runs (for sagas that ask for it). A checkout another delivery inserted
    /// first is not an error: null tells MassTransit to load that one instead.
    /// </summary>
    public async Task<SagaConsumeContext<OrderState, TMessage>> Insert(OrderState instance)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("A saga step runs in a transaction");
        await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
        var entry = db.Checkouts.Add(instance);
        try
        {
            await db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Back to before the insert, so the transaction goes on and can load the checkout that won.
            await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
            entry.State = EntityState.Detached;
            return null!;
        }
        return await sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    /// <summary>The checkout, tracked for the step's save; null (which MassTransit reads as "none yet") when there is none.</summary>
    public async Task<SagaConsumeContext<OrderState, TMessage>> Load(Guid correlationId)
    {
        var instance = await LoadTracked(db, correlationId, CancellationToken).ConfigureAwait(false);
        return instance is null
            ? null!
            : await sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts a checkout the machine just started. If another delivery of the same requestId inserted it
    /// first, the unique violation propagates: the message is retried, and the retry loads that checkout.
    /// </summary>
    public async Task Save(SagaConsumeContext<OrderState> context)
    {
        db.Checkouts.Add(context.Saga);
        await SaveAsync(context.Saga).ConfigureAwait(false);
    }

    /// <summary>Writes the step's changes; a checkout changed by another step since it was loaded fails with <see cref="DbUpdateConcurrencyException"/>, and the message is retried.</summary>
    public Task Update(SagaConsumeContext<OrderState> context) => SaveAsync(context.Saga);

    public async Task Delete(SagaConsumeContext<OrderState> context)
    {
        db.Checkouts.Remove(context.Saga);
        await db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>An added checkout that is not kept was never attached: there is nothing to forget.</summary>
    public Task Discard(SagaConsumeContext<OrderState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<OrderState> context)
    {
        var entry = db.Entry(context.Saga);
        if (entry.State != EntityState.Detached)
            entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<OrderState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, OrderState instance, SagaConsumeContextMode mode)
        where T : class =>
        sagaContexts.CreateSagaConsumeContext(db, consumeContext, instance, mode);

    private async Task SaveAsync(OrderState saga)
    {
        CheckoutTimeline.Append(db, saga);
        OrderProjection.Apply(db, saga);
        await db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
