using Orders.Kafka.Configuration;
using Orders.KafkaBroker.Embedded;

namespace Orders.Tests.Support;

/// <summary>
/// An embedded broker hosted by the test process, with every topic the service uses, for services that run
/// as processes of their own or that must outlive one another (a kill and restart keeps the topics and offsets).
/// </summary>
public sealed class ServiceBroker : IDisposable
{
    /// <summary>A group member that dies is noticed after this long (librdkafka's default is 45 s).</summary>
    public const string SessionTimeoutMs = "6000";

    private ServiceBroker(EmbeddedKafkaBroker broker) => Broker = broker;

    public EmbeddedKafkaBroker Broker { get; }

    public string BootstrapServers => Broker.BootstrapServers;

    public static ServiceBroker Start(int partitions = 6)
    {
        var broker = EmbeddedKafkaBroker.Start();
        foreach (var (_, topic) in new KafkaTopics().BySetting())
            broker.CreateTopic(topic, partitions);
        return new ServiceBroker(broker);
    }

    public void Dispose() => Broker.Dispose();
}
