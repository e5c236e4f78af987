using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Persistence;

namespace Orders.Api.Operations.Health;

/// <summary>PostgreSQL answers a <c>SELECT 1</c> on the order database.</summary>
public sealed class PostgresHealthCheck(IDbContextFactory<OrdersDbContext> dbContexts) : IHealthCheck
{
    public const string Name = "postgres";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\"").SingleAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy("PostgreSQL answers");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {DependencyFailures.Describe(ex)}");
        }
    }
}
