using System.Text;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>
/// Produces raw records the way another team's client would: a string key, a JSON string, optional headers, and
/// the Java client's default partitioner (murmur2), as OrderSaga's own producers use, so a checkout's records
/// share its partition whoever writes them.
/// </summary>
public static class KafkaRecords
{
    public static IProducer<string, string> Producer(string bootstrapServers) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, Partitioner = Partitioner.Murmur2Random })
            .SetLogHandler((_, _) => { })
            .Build();

    public static Task<DeliveryResult<string, string>> ProduceAsync(this IProducer<string, string> producer, string topic, string key, string value, string? messageType = null)
    {
        var headers = new Headers();
        if (messageType is not null)
            headers.Add(MessageHeaders.MessageType, Encoding.UTF8.GetBytes(messageType));
        return producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value, Headers = headers });
    }
}
