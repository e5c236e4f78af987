using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Outbox;

namespace Orders.Persistence.Reading;

/// <summary>The figures operators watch, counted in one pass over one connection.</summary>
/// <param name="OutboxBacklog">Outbox messages not yet delivered.</param>
/// <param name="DeadLetters">Rows in <c>dead_letters</c>, replayed or not.</param>
/// <param name="StuckCheckouts">Checkouts in one of the waiting states whose last change is older than the cut-off.</param>
public sealed record BacklogCount(long OutboxBacklog, long DeadLetters, long StuckCheckouts);

/// <summary>Counts the outbox backlog, the dead letters and the stuck checkouts.</summary>
public sealed class BacklogCounts(IDbContextFactory<OrdersDbContext> dbContexts)
{
    /// <summary>Counts now; <paramref name="waitingStates"/> and <paramref name="stuckBefore"/> say what stuck means.</summary>
    public async Task<BacklogCount> CountAsync(IReadOnlyCollection<string> waitingStates, DateTimeOffset stuckBefore, CancellationToken cancellationToken)
    {
        var waiting = waitingStates.ToList();
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var backlog = await OutboxBacklog.CountAsync(db, cancellationToken).ConfigureAwait(false);
            var deadLetters = await db.DeadLetters.LongCountAsync(cancellationToken).ConfigureAwait(false);
            var stuck = await db.Checkouts.LongCountAsync(c => waiting.Contains(c.CurrentState) && c.UpdatedAt < stuckBefore, cancellationToken).ConfigureAwait(false);
            return new BacklogCount(backlog, deadLetters, stuck);
        }
    }

}
