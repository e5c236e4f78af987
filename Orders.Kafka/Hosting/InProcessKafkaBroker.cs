using Microsoft.Extensions.Logging;
using Orders.Kafka.Configuration;
using Orders.Kafka.Embedded;

namespace Orders.Kafka.Hosting;

/// <summary>
/// The embedded broker hosted inside the service (Kafka:Embedded with no BootstrapServers): started on first
/// use with every configured topic, stopped with the service. Its topics and offsets go with the process;
/// ./run.sh hosts the broker in a process of its own instead, so a restart of the service keeps them.
/// </summary>
public sealed partial class InProcessKafkaBroker : IDisposable
{
    private readonly EmbeddedKafkaBroker _broker;

    public InProcessKafkaBroker(KafkaOptions settings, ILogger<InProcessKafkaBroker> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _broker = EmbeddedKafkaBroker.Start();
        foreach (var (_, topic) in settings.Topics.BySetting())
            _broker.CreateTopic(topic, settings.TopicPartitions);
        LogStarted(log, _broker.BootstrapServers);
    }

    public string BootstrapServers => _broker.BootstrapServers;

    /// <summary>The broker itself, for its fault controls.</summary>
    public EmbeddedKafkaBroker Broker => _broker;

    public void Dispose() => _broker.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Kafka broker (in this process) at {BootstrapServers}; list its topics with: kcat -b {BootstrapServers} -L")]
    private static partial void LogStarted(ILogger log, string bootstrapServers);
}
