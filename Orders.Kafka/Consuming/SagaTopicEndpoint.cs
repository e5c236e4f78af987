using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;

namespace Orders.Kafka.Consuming;

/// <summary>
/// The checkout saga's Kafka endpoint: reads the topics the saga listens to (product-responses,
/// payment-responses, shipments) in the service's consumer group, a <see cref="SagaTopicConsumer"/> per topic, and
/// hands each partition's waiting records, a batch at a time, to the <see cref="SagaBatchProcessor"/>.
/// </summary>
public sealed class SagaTopicEndpoint(
    SagaBatchProcessor processor,
    IOptions<KafkaOptions> options,
    ILogger<SagaTopicEndpoint> log) : BackgroundService
{
    private readonly SagaTopicConsumer[] _consumers =
    [
        .. new[] { options.Value.Topics.ProductResponses, options.Value.Topics.PaymentResponses, options.Value.Topics.Shipments }
            .Distinct(StringComparer.Ordinal)
            .Select(topic => new SagaTopicConsumer(topic, processor, options.Value, log)),
    ];

    /// <summary>The topics this endpoint reads.</summary>
    public IReadOnlyList<string> Topics => [.. _consumers.Select(c => c.Topic)];

    /// <summary>The partitions this instance reads now (its share of the consumer group's), for diagnostics.</summary>
    public IReadOnlyList<TopicPartition> AssignedPartitions => [.. _consumers.SelectMany(c => c.AssignedPartitions)];

    // A thread of its own for each consume loop: it blocks in librdkafka calls, and must neither hold up the host's
    // start nor keep a thread-pool thread from the saga's work.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_consumers.Select(consumer => Task.Factory.StartNew(
            () => consumer.RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
}
