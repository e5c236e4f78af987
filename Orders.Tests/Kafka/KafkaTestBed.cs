using Confluent.Kafka;
using Orders.KafkaBroker.Embedded;

namespace Orders.Tests.Kafka;

/// <summary>
/// An embedded broker with a fresh topic, and the Confluent clients a test makes against it;
/// disposing the bed disposes them all, clients first.
/// </summary>
public sealed class KafkaTestBed : IDisposable
{
    public static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(15);

    private readonly List<IDisposable> _clients = [];

    private KafkaTestBed(EmbeddedKafkaBroker broker, string topic)
    {
        Broker = broker;
        Topic = topic;
    }

    public EmbeddedKafkaBroker Broker { get; }
    public string Topic { get; }

    public static KafkaTestBed Start(int partitions = 1, int brokers = 1)
    {
        var broker = EmbeddedKafkaBroker.Start(brokers);
        var topic = UniqueName("topic");
        broker.CreateTopic(topic, partitions);
        return new KafkaTestBed(broker, topic);
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public IProducer<string, string> Producer(Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            // After a broker comes back, reconnect within half a second, not the default ten.
            ReconnectBackoffMaxMs = 500,
        };
        configure?.Invoke(config);
        return Track(new ProducerBuilder<string, string>(config).SetLogHandler(IgnoreLog).Build());
    }

    /// <summary>A group member that stores and commits offsets only when told to.</summary>
    public IConsumer<string, string> Consumer(string groupId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            // The mock coordinator waits session.timeout.ms - 1 s before it rebalances a group
            // that a member left; the default 45 s would stall a consumer that joins next.
            SessionTimeoutMs = 6_000,
            HeartbeatIntervalMs = 1_000,
        };
        var consumer = Track(new ConsumerBuilder<string, string>(config).SetLogHandler(IgnoreLog).Build());
        consumer.Subscribe(Topic);
        return consumer;
    }

    /// <summary>Reads until <paramref name="count"/> records have arrived or the timeout passes.</summary>
    public static List<ConsumeResult<string, string>> Read(IConsumer<string, string> consumer, int count)
    {
        var records = new List<ConsumeResult<string, string>>(count);
        var deadline = DateTime.UtcNow + ConsumeTimeout;
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public void Dispose()
    {
        foreach (var client in Enumerable.Reverse(_clients))
        {
            client.Dispose();
        }

        Broker.Dispose();
    }

    // The clients log every refused connection while a test holds a broker down; failures
    // surface through delivery reports and assertions instead.
    private static void IgnoreLog<T>(T client, LogMessage message)
    {
    }

    private T Track<T>(T client)
        where T : IDisposable
    {
        _clients.Add(client);
        return client;
    }
}
