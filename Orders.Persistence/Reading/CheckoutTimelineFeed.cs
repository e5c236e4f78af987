using Microsoft.EntityFrameworkCore;

namespace Orders.Persistence.Reading;

/// <summary>
/// Reads a checkout's timeline from PostgreSQL, after a given entry id. Every API instance reads the same table,
/// so a stream sees transitions made by whichever instance handled them. Within one checkout, entry ids grow in
/// commit order (see <see cref="CheckoutTimelineEntry"/>), so "after the last id sent" never skips or repeats one.
/// </summary>
public sealed class CheckoutTimelineFeed(IDbContextFactory<OrdersDbContext> dbContexts)
{
    /// <summary>The checkout's owner, state and entries after <paramref name="afterId"/>, read in one statement; null when there is no such checkout.</summary>
    public async Task<TimelineWatch?> OpenAsync(string requestId, long afterId, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var found = await db.Checkouts.AsNoTracking()
                .Where(s => s.RequestId == requestId)
                .Select(s => new
                {
                    s.UserId,
                    s.CurrentState,
                    Entries = db.Timeline.Where(t => t.RequestId == requestId && t.Id > afterId).OrderBy(t => t.Id)
                        .Select(t => new TimelineEvent(t.Id, t.State, t.ReasonCode, t.At)).ToList(),
                })
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return found is null ? null : new TimelineWatch(found.UserId, found.CurrentState, found.Entries);
        }
    }

    /// <summary>The checkout's entries after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<TimelineEvent>> ReadAfterAsync(string requestId, long afterId, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Timeline.AsNoTracking()
                .Where(t => t.RequestId == requestId && t.Id > afterId)
                .OrderBy(t => t.Id)
                .Select(t => new TimelineEvent(t.Id, t.State, t.ReasonCode, t.At))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
