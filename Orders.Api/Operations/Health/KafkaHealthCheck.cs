using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Kafka.Health;

namespace Orders.Api.Operations.Health;

/// <summary>A Kafka broker answers now (asked afresh at every check, so an outage shows at once).</summary>
public sealed class KafkaHealthCheck(IKafkaReadiness kafka) : IHealthCheck
{
    public const string Name = "kafka";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = await kafka.ProbeAsync(cancellationToken).ConfigureAwait(false);
        return probe.IsReachable
            ? HealthCheckResult.Healthy($"Kafka answers ({probe.Brokers} broker(s))")
            : HealthCheckResult.Unhealthy($"Kafka does not answer: {probe.Problem}");
    }
}
