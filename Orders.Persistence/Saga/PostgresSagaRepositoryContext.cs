using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Saga;

/// <summary>
/// One delivery of a message to the checkout saga, inside the transaction of its DbContext: a fresh one of its own,
/// or the one of an open <see cref="SagaStepBatch"/>, whose steps save nothing until the batch commits. The
/// DbContext rides on this context as a payload, so the saga's activities reach it with
/// <c>GetPayload&lt;OrdersDbContext&gt;()</c> and write their rows in the same transaction.
/// </summary>
public sealed class PostgresSagaRepositoryContext<TMessage>(
    OrdersDbContext db,
    SagaStepBatch? batch,
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

    /// <summary>Where the checkout stood when this step began (see <see cref="SagaStepStart"/>).</summary>
    private SagaStepStart _start = SagaStepStart.New;

    /// <summary>A new checkout the state machine is about to start; it is inserted by <see cref="Save"/>.</summary>
    public Task<SagaConsumeContext<OrderState, TMessage>> Add(OrderState instance)
    {
        _start = SagaStepStart.New;
        return sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Add);
    }

    /// <summary>
    /// Inserts before the machine runs (for sagas that ask for it). A checkout another delivery inserted
    /// first is not an error: null tells MassTransit to load that one instead.
    /// </summary>
    public async Task<SagaConsumeContext<OrderState, TMessage>> Insert(OrderState instance)
    {
        // The savepoint would roll back the batch's earlier steps with the insert; the batch gives up, and the step runs alone.
        if (batch is not null)
            throw new NotSupportedException("A saga that inserts before it runs is not applied in a batch");
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("A saga step runs in a transaction");
        await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
        var entry = db.Checkouts.Add(instance);
        try
        {
            await SaveChangesAsync().ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Back to before the insert, so the transaction goes on and can load the checkout that won.
            await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
            entry.State = EntityState.Detached;
            return null!;
        }
        _start = SagaStepStart.New;
        return await sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    /// <summary>
    /// The checkout, tracked for the step's save; null (which MassTransit reads as "none yet") when there is none.
    /// In a batch it is the one the batch loaded (or an earlier step added), as that step left it.
    /// </summary>
    public async Task<SagaConsumeContext<OrderState, TMessage>> Load(Guid correlationId)
    {
        OrderState? instance = null;
        var known = false;
        if (batch is not null)
            instance = batch.Find(correlationId, out known);
        if (!known)
            instance = await LoadTracked(db, correlationId, CancellationToken).ConfigureAwait(false);
        if (instance is null)
            return null!;

        _start = SagaStepStart.Of(instance);
        return await sagaContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
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
        if (batch is null)
            await SaveChangesAsync().ConfigureAwait(false);
    }

    /// <summary>An added checkout that is not kept was never attached: there is nothing to forget.</summary>
    public Task Discard(SagaConsumeContext<OrderState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<OrderState> context)
    {
        // Unchanged would also drop what earlier steps of the batch changed; the batch gives up, and the step runs alone.
        if (batch is not null)
            throw new NotSupportedException("A read-only saga event is not applied in a batch");
        var entry = db.Entry(context.Saga);
        if (entry.State != EntityState.Detached)
            entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<OrderState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, OrderState instance, SagaConsumeContextMode mode)
        where T : class =>
        sagaContexts.CreateSagaConsumeContext(db, consumeContext, instance, mode);

    /// <summary>Adds the step's timeline entry and order rows; outside a batch, saves the step (the batch saves all its steps at its commit).</summary>
    private async Task SaveAsync(OrderState saga)
    {
        CheckoutTimeline.Append(db, saga, _start);
        OrderProjection.Apply(db, saga, _start);
        _start = SagaStepStart.Of(saga);
        if (batch is null)
            await SaveChangesAsync().ConfigureAwait(false);
    }

    /// <summary>The step's DbContext does not detect changes on every look into its tracker; they are detected here, once per save.</summary>
    private Task<int> SaveChangesAsync()
    {
        db.ChangeTracker.DetectChanges();
        return db.SaveChangesAsync(CancellationToken);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
