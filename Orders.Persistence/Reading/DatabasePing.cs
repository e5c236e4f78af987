using Microsoft.EntityFrameworkCore;

namespace Orders.Persistence.Reading;

/// <summary>Whether PostgreSQL answers on the order database, through the same pool the service uses.</summary>
public sealed class DatabasePing(IDbContextFactory<OrdersDbContext> dbContexts)
{
    /// <summary>Asks for <c>SELECT 1</c>; throws what Npgsql throws when the database does not answer.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
            await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\"").SingleAsync(cancellationToken).ConfigureAwait(false);
    }
}
