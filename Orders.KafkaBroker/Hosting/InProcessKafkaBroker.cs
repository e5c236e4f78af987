using Microsoft.Extensions.Logging;
using Orders.KafkaBroker.Embedded;

namespace Orders.KafkaBroker.Hosting;

/// <summary>
/// The embedded broker hosted inside the service (Kafka:Embedded with no BootstrapServers): started on first
/// use with every configured topic, stopped with the service. Its topics and offsets go with the process; the
/// run command (./run.sh) hosts the broker in a process of its own instead, so a restart of the service keeps them.
/// </summary>
public sealed partial class InProcessKafkaBroker : IDisposable
{
    private readonly EmbeddedKafkaBroker _broker;

    public InProcessKafkaBroker(IEnumerable<string> topics, int partitions, ILogger<InProcessKafkaBroker> log)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in topics)
            _broker.CreateTopic(topic, partitions);
        LogStarted(log, _broker.BootstrapServers);
    }

    public string BootstrapServers => _broker.BootstrapServers;

    /// <summary>The broker itself, for its fault controls.</summary>
    public EmbeddedKafkaBroker Broker => _broker;

    public void Dispose() => _broker.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Kafka broker (in this process) at {BootstrapServers}; list its topics with: kcat -b {BootstrapServers} -L")]
    private static partial void LogStarted(ILogger log, string bootstrapServers);
}
