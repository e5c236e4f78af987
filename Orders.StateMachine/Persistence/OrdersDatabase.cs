using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.StateMachine.Persistence;

/// <summary>
/// Brings the database schema up to date. Called explicitly (by a start-up step, a deploy job or a test),
/// never implicitly on every start; EF Core takes a database lock, so instances starting together are safe.
/// </summary>
public static class OrdersDatabase
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dbContexts = services.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
