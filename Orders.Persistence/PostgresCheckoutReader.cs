using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Reading;

namespace Orders.Persistence;

/// <summary>
/// Reads a checkout from <c>checkout_sagas</c> with its <c>checkout_timeline</c>, and a user's orders from
/// <c>orders</c>, newest first.
/// </summary>
public sealed class PostgresCheckoutReader(IDbContextFactory<OrdersDbContext> dbContexts) : ICheckoutReader
{
    public async Task<CheckoutSnapshot?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // One statement, so the checkout and its timeline are read at the same moment.
            var found = await db.Checkouts.AsNoTracking()
                .Where(s => s.RequestId == requestId)
                .Select(s => new
                {
                    Saga = s,
                    Timeline = db.Timeline.Where(t => t.RequestId == requestId).OrderBy(t => t.Id)
                        .Select(t => new TimelineSnapshot(t.State, t.ReasonCode, t.At)).ToList(),
                })
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return found is null ? null : CheckoutSnapshot.Of(found.Saga, found.Timeline);
        }
    }

    public async Task<OrdersPage> ListOrdersAsync(long userId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var orders = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
            var total = await orders.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await orders
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Join(db.Checkouts, o => o.RequestId, s => s.RequestId, (o, s) => new
                {
                    Order = o,
                    Items = o.Items.OrderBy(i => i.LineNumber).ToList(),
                    s.CurrentState,
                    s.ReasonCode,
                    s.Reason,
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            var snapshots = rows.Select(r => new CheckoutSnapshot(
                r.Order.RequestId,
                r.Order.UserId,
                r.CurrentState,
                r.ReasonCode,
                r.Reason,
                r.Order.Id,
                r.Items.Select(i => new LineSnapshot(i.ProductId, i.Name, i.Quantity, i.UnitPrice, i.LineTotal)).ToList(),
                r.Order.TotalAmount,
                r.Order.Currency,
                r.Order.CreatedAt,
                r.Order.UpdatedAt,
                [])).ToList();
            return new OrdersPage(snapshots, page, pageSize, total);
        }
    }
}
