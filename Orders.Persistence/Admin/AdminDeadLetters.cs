using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orders.Persistence.DeadLetters;

namespace Orders.Persistence.Admin;

/// <summary>
/// The <c>dead_letters</c> rows as operators see and replay them. A row is marked replayed by one conditional
/// UPDATE, so of two operators replaying it at once exactly one gets it.
/// </summary>
public sealed class AdminDeadLetters(IDbContextFactory<OrdersDbContext> dbContexts)
{
    /// <summary>Dead letters that match the filter, newest first.</summary>
    public async Task<AdminPage<DeadLetterView>> ListAsync(DeadLetterFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var deadLetters = db.DeadLetters.AsNoTracking();
            if (filter.RequestId is { } requestId)
                deadLetters = deadLetters.Where(d => d.RequestId == requestId);
            if (filter.Topic is { } topic)
                deadLetters = deadLetters.Where(d => d.Topic == topic);
            if (filter.Replayed is { } replayed)
                deadLetters = replayed ? deadLetters.Where(d => d.ReplayedAt != null) : deadLetters.Where(d => d.ReplayedAt == null);

            var total = await deadLetters.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await ViewsOf(db, deadLetters.OrderByDescending(d => d.FailedAt).ThenByDescending(d => d.Id)
                    .Skip(AdminCheckoutQueries.Offset(page, pageSize)).Take(pageSize))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new AdminPage<DeadLetterView>(page, pageSize, total, rows.Select(ToView).ToList());
        }
    }

    public async Task<DeadLetterView?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await ViewsOf(db, db.DeadLetters.Where(d => d.Id == id)).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToView(row);
        }
    }

    /// <summary>Marks the dead letter replayed by <paramref name="actor"/> unless it already is; true when this call marked it.</summary>
    public async Task<bool> TryMarkReplayedAsync(long id, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var marked = await db.DeadLetters
                .Where(d => d.Id == id && d.ReplayedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ReplayedAt, at).SetProperty(d => d.ReplayedBy, actor), cancellationToken)
                .ConfigureAwait(false);
            return marked == 1;
        }
    }

    /// <summary>Takes back a mark this replay made (same time and actor), so the dead letter can be replayed again.</summary>
    public async Task UndoMarkAsync(long id, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.DeadLetters
                .Where(d => d.Id == id && d.ReplayedAt == at && d.ReplayedBy == actor)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ReplayedAt, (DateTimeOffset?)null).SetProperty(d => d.ReplayedBy, (string?)null), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The rows with the state of the checkout each names (null when it names none, or that checkout is gone).</summary>
    internal static IQueryable<DeadLetterRow> ViewsOf(OrdersDbContext db, IQueryable<DeadLetterRecord> deadLetters) =>
        deadLetters.AsNoTracking().Select(d => new DeadLetterRow(
            d,
            db.Checkouts.Where(s => s.RequestId == d.RequestId).Select(s => s.CurrentState).FirstOrDefault()));

    internal static DeadLetterView ToView(DeadLetterRow row)
    {
        var d = row.DeadLetter;
        return new DeadLetterView(
            d.Id, d.RequestId, row.CheckoutState, d.Topic, d.Partition, d.Offset, d.MessageType, d.Error, d.Key, d.Value,
            HeadersOf(d.Headers), d.FailedAt, d.ReplayedAt, d.ReplayedBy);
    }

    /// <summary>The headers column, a JSON object of strings; a value of another JSON kind is kept as its JSON text.</summary>
    internal static IReadOnlyDictionary<string, string> HeadersOf(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return new Dictionary<string, string>(StringComparer.Ordinal);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
            StringComparer.Ordinal);
    }

    internal sealed record DeadLetterRow(DeadLetterRecord DeadLetter, string? CheckoutState);
}
