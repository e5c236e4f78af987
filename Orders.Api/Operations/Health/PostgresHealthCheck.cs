using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Persistence.Reading;

namespace Orders.Api.Operations.Health;

/// <summary>PostgreSQL answers a <c>SELECT 1</c> on the order database.</summary>
public sealed class PostgresHealthCheck(DatabasePing database) : IHealthCheck
{
    public const string Name = "postgres";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {DependencyFailures.Describe(ex)}");
        }
    }
}
