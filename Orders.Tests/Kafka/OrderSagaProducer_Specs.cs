using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;
using Orders.Kafka.Producing;
using Orders.KafkaBroker.Embedded;

namespace Orders.Tests.Kafka;

/// <summary>The service's one producer (outbox relay, dead letters) as the broker sees it.</summary>
[TestFixture]
public class When_the_saga_producer_delivers
{
    private const int Partitions = 6;

    // librdkafka's own Java-compatibility vectors (rdmurmur2.c): the test's murmur2 is Kafka's.
    private static readonly (string Key, uint Hash)[] JavaHashes = [("kafka", 0xd067cf64), ("giberish123456789", 0x8f552b0c), ("", 0x106e08d9)];

    [Test]
    public async Task Should_ask_for_a_producer_id_before_its_first_record_so_retries_cannot_duplicate()
    {
        using var bed = KafkaTestBed.Start();
        using var producer = SagaProducer(bed);

        bed.Broker.StartRequestTracking();
        await producer.Client.ProduceAsync(bed.Topic, new Message<string, byte[]> { Key = "checkout-1", Value = "{}"u8.ToArray() });
        var requests = bed.Broker.TrackedRequests().Select(r => r.Api).ToList();
        bed.Broker.StopRequestTracking();

        Assert.That(requests, Does.Contain(KafkaApiKey.InitProducerId), "an idempotent producer gets a producer id: " + string.Join(", ", requests));
        Assert.That(requests.IndexOf(KafkaApiKey.InitProducerId), Is.LessThan(requests.IndexOf(KafkaApiKey.Produce)), string.Join(", ", requests));
    }

    [Test]
    public async Task Should_put_a_key_on_the_partition_the_java_client_would()
    {
        Assert.That(JavaHashes.Select(h => JavaPartitioner.Murmur2(Encoding.UTF8.GetBytes(h.Key))).ToList(), Is.EqualTo(JavaHashes.Select(h => h.Hash).ToList()));
        using var bed = KafkaTestBed.Start(partitions: Partitions);
        using var producer = SagaProducer(bed);
        var keys = Enumerable.Range(0, 40).Select(i => $"checkout-{i}").ToList();

        var delivered = await Task.WhenAll(keys.Select(k => producer.Client.ProduceAsync(bed.Topic, new Message<string, byte[]> { Key = k, Value = "{}"u8.ToArray() })));

        Assert.That(delivered.Select(d => d.Partition.Value).ToList(), Is.EqualTo(keys.Select(k => JavaPartitioner.PartitionOf(k, Partitions)).ToList()));
    }

    private static OrderSagaProducer SagaProducer(KafkaTestBed bed) =>
        new(Options.Create(new KafkaOptions { BootstrapServers = bed.Broker.BootstrapServers }), NullLogger<OrderSagaProducer>.Instance);
}
