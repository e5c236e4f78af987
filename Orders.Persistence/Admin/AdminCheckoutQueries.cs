using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Outbox;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Reading;

namespace Orders.Persistence.Admin;

/// <summary>What operators read about checkouts: filtered listings, counts per state, stuck ones, and one checkout in full.</summary>
public sealed class AdminCheckoutQueries(IDbContextFactory<OrdersDbContext> dbContexts, TimeProvider clock)
{
    private static readonly Expression<Func<OrderState, CheckoutView>> ToView = s => new CheckoutView(
        s.RequestId, s.UserId, s.CurrentState, s.ReasonCode, s.Reason, s.OrderId, s.TotalAmount, s.Currency, s.CreatedAt, s.UpdatedAt, s.DeadlineAt);

    private static readonly Func<OrderState, CheckoutView> ToViewOfLoaded = ToView.Compile();

    /// <summary>Checkouts that match the filter, newest first.</summary>
    public async Task<AdminPage<CheckoutView>> ListAsync(CheckoutFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var checkouts = Filter(db.Checkouts.AsNoTracking(), filter);
            var total = await checkouts.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await checkouts
                .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.RequestId)
                .Skip(Offset(page, pageSize)).Take(pageSize)
                .Select(ToView)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new AdminPage<CheckoutView>(page, pageSize, total, rows);
        }
    }

    /// <summary>
    /// Checkouts in a waiting state (<see cref="AdminStates.Waiting"/>) whose last change is at least
    /// <paramref name="olderThan"/> ago, the longest-waiting first.
    /// </summary>
    public async Task<AdminPage<CheckoutView>> StuckAsync(TimeSpan olderThan, int page, int pageSize, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - olderThan;
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var stuck = db.Checkouts.AsNoTracking().Where(s => AdminStates.Waiting.Contains(s.CurrentState) && s.UpdatedAt <= before);
            var total = await stuck.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await stuck
                .OrderBy(s => s.UpdatedAt).ThenBy(s => s.RequestId)
                .Skip(Offset(page, pageSize)).Take(pageSize)
                .Select(ToView)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new AdminPage<CheckoutView>(page, pageSize, total, rows);
        }
    }

    /// <summary>How many checkouts are in each state; every known state is listed, in the order of the flow.</summary>
    public async Task<StateCountsView> CountByStateAsync(CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var counted = await db.Checkouts.AsNoTracking()
                .GroupBy(s => s.CurrentState)
                .Select(g => new StateCountView(g.Key, g.Count()))
                .ToDictionaryAsync(c => c.State, c => c.Count, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

            // A state stored by a newer version of the service is still counted, after the known ones.
            var states = AdminStates.All
                .Select(s => new StateCountView(s, counted.GetValueOrDefault(s)))
                .Concat(counted.Where(c => !AdminStates.All.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new StateCountView(c.Key, c.Value)))
                .ToList();
            return new StateCountsView(states.Sum(s => s.Count), states);
        }
    }

    /// <summary>The checkout with its lines, timeline, published messages and dead letters; null when there is none.</summary>
    public async Task<CheckoutDetailsView?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var saga = await db.Checkouts.AsNoTracking().SingleOrDefaultAsync(s => s.RequestId == requestId, cancellationToken).ConfigureAwait(false);
            if (saga is null)
                return null;

            var timeline = await db.Timeline.AsNoTracking()
                .Where(t => t.RequestId == requestId).OrderBy(t => t.Id)
                .Select(t => new TimelineEntryView(t.Id, t.State, t.ReasonCode, t.At))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var checkoutMessages = db.OutboxMessages.AsNoTracking().Where(m => m.RequestId == requestId);
            var messages = await checkoutMessages.OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            var delivered = (await checkoutMessages.Delivered(db).Select(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
            var deadLetters = await AdminDeadLetters.ViewsOf(db, db.DeadLetters.Where(d => d.RequestId == requestId).OrderByDescending(d => d.Id))
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            return new CheckoutDetailsView(
                ToViewOfLoaded(saga),
                saga.Lines.Select(l => new LineSnapshot(l.ProductId, l.Name, l.Quantity, l.UnitPrice, l.LineTotal)).ToList(),
                timeline,
                messages.Select(m => new OutboxMessageView(m.Id, m.MessageType, ParseJson(m.Body), m.CreatedAt, delivered.Contains(m.Id))).ToList(),
                deadLetters.Select(AdminDeadLetters.ToView).ToList());
        }
    }

    /// <summary>Orders that match the filter, newest first.</summary>
    public async Task<AdminPage<OrderView>> ListOrdersAsync(OrderFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var orders = db.Orders.AsNoTracking();
            if (filter.Status is { } status)
                orders = orders.Where(o => o.Status == status);
            if (filter.UserId is { } userId)
                orders = orders.Where(o => o.UserId == userId);
            if (filter.CreatedFrom is { } createdFrom)
                orders = orders.Where(o => o.CreatedAt >= Utc(createdFrom));
            if (filter.CreatedTo is { } createdTo)
                orders = orders.Where(o => o.CreatedAt <= Utc(createdTo));

            var total = await orders.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await orders
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Skip(Offset(page, pageSize)).Take(pageSize)
                .Select(o => new OrderView(o.Id, o.RequestId, o.UserId, o.Status, o.TotalAmount, o.Currency, o.CreatedAt, o.UpdatedAt))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new AdminPage<OrderView>(page, pageSize, total, rows);
        }
    }

    /// <summary>Rows skipped to reach a 1-based page.</summary>
    internal static int Offset(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return (int)Math.Min(int.MaxValue, (page - 1L) * pageSize);
    }

    private static IQueryable<OrderState> Filter(IQueryable<OrderState> checkouts, CheckoutFilter filter)
    {
        if (filter.State is { } state)
            checkouts = checkouts.Where(s => s.CurrentState == state);
        if (filter.UserId is { } userId)
            checkouts = checkouts.Where(s => s.UserId == userId);
        if (filter.CreatedFrom is { } createdFrom)
            checkouts = checkouts.Where(s => s.CreatedAt >= Utc(createdFrom));
        if (filter.CreatedTo is { } createdTo)
            checkouts = checkouts.Where(s => s.CreatedAt <= Utc(createdTo));
        if (filter.UpdatedFrom is { } updatedFrom)
            checkouts = checkouts.Where(s => s.UpdatedAt >= Utc(updatedFrom));
        if (filter.UpdatedTo is { } updatedTo)
            checkouts = checkouts.Where(s => s.UpdatedAt <= Utc(updatedTo));
        return checkouts;
    }

    /// <summary>PostgreSQL's timestamptz parameters must be UTC.</summary>
    internal static DateTimeOffset Utc(DateTimeOffset at) => at.ToUniversalTime();

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
