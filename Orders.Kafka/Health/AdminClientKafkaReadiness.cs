using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;

namespace Orders.Kafka.Health;

/// <summary>
/// Probes Kafka by asking the cluster for its metadata through an admin client, which must reach a broker
/// each time: a broker that went away makes the next probe fail within <see cref="Timeout"/>, and one that
/// came back makes it pass again (the client reconnects within a second).
/// </summary>
public sealed class AdminClientKafkaReadiness(IOptions<KafkaOptions> options) : IKafkaReadiness, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly Lazy<IAdminClient> _client = new(() => Build(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<KafkaReadinessResult> ProbeAsync(CancellationToken cancellationToken) =>
        // GetMetadata blocks until the brokers answer or the timeout passes.
        Task.Run(() =>
        {
            try
            {
                var metadata = _client.Value.GetMetadata(Timeout);
                return metadata.Brokers.Count == 0
                    ? KafkaReadinessResult.Unreachable("the cluster named no brokers")
                    : KafkaReadinessResult.Reachable(metadata.Brokers.Count);
            }
            catch (KafkaException ex)
            {
                return KafkaReadinessResult.Unreachable($"no broker of {options.Value.BootstrapServers} answered within {Timeout.TotalSeconds:0} s ({ex.Error.Reason})");
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (_client.IsValueCreated)
            _client.Value.Dispose();
    }

    private static IAdminClient Build(KafkaOptions settings)
    {
        var config = settings.Admin();
        config.ReconnectBackoffMaxMs ??= 1000;
        // Refused connections while the cluster is down are the probe's answer, not log lines of their own.
        return new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
    }
}
