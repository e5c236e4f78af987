using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orders.Persistence.Outbox;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Saga;

/// <summary>
/// Several saga steps in one PostgreSQL transaction, for a scope that runs them one after another (a Kafka
/// partition's waiting records). While it is open, the saga repository of the same scope runs every step on its
/// DbContext and saves nothing: the checkouts are loaded together at the start, and every step's changes are
/// written together and committed once, by <see cref="CommitAsync"/>. Disposing it without committing rolls all
/// of them back; the caller then applies the same messages one by one.
/// </summary>
public sealed class SagaStepBatch(IDbContextFactory<OrdersDbContext> dbContexts, OutboxSignal outbox) : IAsyncDisposable
{
    private OrdersDbContext? _db;
    private IDbContextTransaction? _transaction;
    private HashSet<Guid> _loaded = [];

    /// <summary>The DbContext every step of the open batch runs on; null when no batch is open.</summary>
    public OrdersDbContext? Db => _db;

    /// <summary>Opens the batch's transaction and loads the checkouts its steps are for, in one query.</summary>
    public async Task BeginAsync(IReadOnlyCollection<Guid> correlationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correlationIds);
        if (_db is not null)
            throw new InvalidOperationException("The batch is already open");

        _db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        _transaction = await _db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A failed save fails the whole batch, so SaveChanges needs no savepoint of its own.
        _db.Database.AutoSavepointsEnabled = false;
        // Every look into the tracker (a step's load, the order lookup) would compare every tracked row again: the
        // changes are detected once, at the commit.
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ids = correlationIds.ToArray();
        await _db.Checkouts.AsTracking().Where(s => ids.Contains(s.CorrelationId)).LoadAsync(cancellationToken).ConfigureAwait(false);
        _loaded = [.. ids];
    }

    /// <summary>
    /// The checkout as the batch has it, tracked: loaded at the start or added by an earlier step. <c>found</c> is
    /// false when the batch cannot tell (a checkout it did not load), and the repository asks the database.
    /// </summary>
    public OrderState? Find(Guid correlationId, out bool found)
    {
        var db = _db ?? throw new InvalidOperationException("No batch is open");
        var entry = db.Checkouts.Local.FindEntry(correlationId);
        found = entry is not null || _loaded.Contains(correlationId);
        return entry is { State: not EntityState.Deleted and not EntityState.Detached } ? entry.Entity : null;
    }

    /// <summary>Writes what every step of the batch changed, in as few round trips as EF Core batches them into, and commits once.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var db = _db ?? throw new InvalidOperationException("No batch is open");
        db.ChangeTracker.DetectChanges();
        var published = db.ChangeTracker.Entries<OutboxMessageRecord>().Any();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await _transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        if (published)
            outbox.Notify();
    }

    public ValueTask DisposeAsync() => CloseAsync();

    private async ValueTask CloseAsync()
    {
        if (_transaction is not null)
            await _transaction.DisposeAsync().ConfigureAwait(false);
        if (_db is not null)
            await _db.DisposeAsync().ConfigureAwait(false);
        (_transaction, _db, _loaded) = (null, null, []);
    }
}
