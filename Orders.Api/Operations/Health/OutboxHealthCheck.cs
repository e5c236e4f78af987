using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Orders.Api.Operations.Health;

/// <summary>The outbox backlog (messages the saga wrote but Kafka has not taken yet) is within Operations:MaxOutboxBacklog.</summary>
public sealed class OutboxHealthCheck(BacklogMonitor backlog, IOptions<OperationsOptions> options) : IHealthCheck
{
    public const string Name = "outbox";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.MaxOutboxBacklog;
        try
        {
            var snapshot = await backlog.FreshAsync(cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["backlog"] = snapshot.OutboxBacklog, ["limit"] = limit, ["countedAt"] = snapshot.CountedAt };
            return snapshot.OutboxBacklog <= limit
                ? HealthCheckResult.Healthy($"{snapshot.OutboxBacklog} outbox message(s) to deliver", data)
                : HealthCheckResult.Unhealthy($"{snapshot.OutboxBacklog} outbox messages wait for delivery, more than {OperationsOptions.Section}:{nameof(OperationsOptions.MaxOutboxBacklog)} ({limit})", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The outbox backlog cannot be counted: {DependencyFailures.Describe(ex)}");
        }
    }
}
