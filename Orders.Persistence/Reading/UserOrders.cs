using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Orders.Persistence.Reading;

/// <summary>One row of a user's order list, what the gateway's order history shows; <paramref name="Status"/> is one of <see cref="OrderStatus"/>'s values.</summary>
public sealed record UserOrderRow(long OrderId, decimal TotalAmount, string Status);

/// <summary>A user's orders from the <c>orders</c> table, newest first, streamed row by row as the caller consumes them.</summary>
public sealed class UserOrders(IDbContextFactory<OrdersDbContext> dbContexts)
{
    public async IAsyncEnumerable<UserOrderRow> ListAsync(long userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = db.Orders.AsNoTracking()
                .Where(o => o.UserId == userId)
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Select(o => new UserOrderRow(o.Id, o.TotalAmount, o.Status))
                .AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return row;
        }
    }
}
