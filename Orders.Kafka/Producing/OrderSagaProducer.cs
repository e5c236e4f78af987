using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;

namespace Orders.Kafka.Producing;

/// <summary>
/// The service's one Kafka producer, shared by the outbox relay and the dead-letter writer: idempotent and
/// acknowledged by all in-sync replicas, so librdkafka's retries never duplicate or reorder a record.
/// </summary>
public sealed class OrderSagaProducer : IDisposable
{
    private static readonly TimeSpan FlushOnDispose = TimeSpan.FromSeconds(5);

    private readonly Lazy<IProducer<string, byte[]>> _producer;

    public OrderSagaProducer(IOptions<KafkaOptions> options, ILogger<OrderSagaProducer> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = options.Value.IdempotentProducer();
        _producer = new Lazy<IProducer<string, byte[]>>(() => new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, message) => KafkaClientLog.Write(log, "Producer", message))
            .SetErrorHandler((_, error) => KafkaClientLog.Write(log, "Producer", error))
            .Build());
    }

    public IProducer<string, byte[]> Client => _producer.Value;

    public void Dispose()
    {
        if (!_producer.IsValueCreated)
            return;
        _producer.Value.Flush(FlushOnDispose);
        _producer.Value.Dispose();
    }
}
