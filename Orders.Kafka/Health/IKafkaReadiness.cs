namespace Orders.Kafka.Health;

/// <summary>Whether the Kafka brokers answer now: what the service's readiness check asks.</summary>
public interface IKafkaReadiness
{
    /// <summary>Asks the brokers once, giving up after a short timeout; never throws for an unreachable cluster.</summary>
    Task<KafkaReadinessResult> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The answer of one probe: reachable with the brokers the cluster named, or the problem in one line.</summary>
public sealed record KafkaReadinessResult(bool IsReachable, string? Problem, int Brokers)
{
    public static KafkaReadinessResult Reachable(int brokers) => new(true, null, brokers);

    public static KafkaReadinessResult Unreachable(string problem) => new(false, problem, 0);
}
