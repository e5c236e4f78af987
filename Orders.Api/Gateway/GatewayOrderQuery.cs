using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Orders.Persistence;

namespace Orders.Api.Gateway;

/// <summary>A user's orders from the <c>orders</c> table, newest first, streamed row by row as the answer is written.</summary>
public static class GatewayOrderQuery
{
    public static async IAsyncEnumerable<LegacyOrderResponse> ListAsync(
        IDbContextFactory<OrdersDbContext> dbContexts, long userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = db.Orders.AsNoTracking()
                .Where(o => o.UserId == userId)
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Select(o => new { o.Id, o.TotalAmount, o.Status })
                .AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return new LegacyOrderResponse(LegacyFormat.OrderId(row.Id), LegacyFormat.MinorUnits(row.TotalAmount), LegacyFormat.Status(row.Status));
        }
    }
}
