using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Audit;

namespace Orders.Persistence.Admin;

/// <summary>The <c>admin_actions</c> log: one row per action an operator took, whatever its outcome.</summary>
public sealed class AdminAuditLog(IDbContextFactory<OrdersDbContext> dbContexts, TimeProvider clock)
{
    public const string CancelOrder = "cancel-order";
    public const string ReplayDeadLetter = "replay-dead-letter";

    public async Task<AdminActionView> RecordAsync(string actor, string action, string target, string outcome, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var record = new AdminActionRecord { Actor = actor, Action = action, Target = target, Outcome = outcome, At = clock.GetUtcNow() };
            db.AdminActions.Add(record);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return ToView(record);
        }
    }

    /// <summary>The log newest first, optionally only the actions on one target (a requestId or a dead letter's id).</summary>
    public async Task<AdminPage<AdminActionView>> ListAsync(string? target, int page, int pageSize, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var actions = db.AdminActions.AsNoTracking();
            if (target is not null)
                actions = actions.Where(a => a.Target == target);

            var total = await actions.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await actions
                .OrderByDescending(a => a.Id)
                .Skip(AdminCheckoutQueries.Offset(page, pageSize)).Take(pageSize)
                .Select(a => new AdminActionView(a.Id, a.Actor, a.Action, a.Target, a.Outcome, a.At))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new AdminPage<AdminActionView>(page, pageSize, total, rows);
        }
    }

    private static AdminActionView ToView(AdminActionRecord r) => new(r.Id, r.Actor, r.Action, r.Target, r.Outcome, r.At);
}
