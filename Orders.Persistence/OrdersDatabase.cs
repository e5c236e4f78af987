using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Persistence;

/// <summary>
/// Brings the database schema up to date. Called explicitly (by the migrate command, a start with
/// Database:MigrateOnStart, a deploy job or a test), never implicitly; EF Core takes a database lock, so
/// instances starting together are safe. A database that does not exist yet is created.
/// </summary>
public static class OrdersDatabase
{
    /// <summary>Applies the pending migrations; returns the names of those this call applied, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dbContexts = services.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var before = await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var after = await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false);
            return after.Except(before).ToList();
        }
    }

    /// <summary>The migrations this build has that the database lacks, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dbContexts = services.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
            return (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
    }
}
