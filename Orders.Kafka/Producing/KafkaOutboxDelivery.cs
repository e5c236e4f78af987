using System.Diagnostics;
using System.Text;
using Orders.Contracts.Topics;
using Orders.Kafka.Serialization;
using Orders.Kafka.Tracing;
using Orders.Persistence.Outbox;

namespace Orders.Kafka.Producing;

/// <summary>
/// Delivers the saga's outbox to Kafka: each message to its topic in its documented JSON, keyed by requestId,
/// with its type and its outbox row's id in headers. A batch is produced at once and awaited together; the
/// idempotent producer keeps each partition's records in order, so the delivered ones are a prefix per checkout.
/// Each record continues the trace of the saga step that wrote its row.
/// </summary>
public sealed class KafkaOutboxDelivery(OrderSagaProducer producer, KafkaMessageCodec codec) : IOutboxDelivery
{
    public async Task<int> DeliverAsync(IReadOnlyList<OutboxMessageRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var deliveries = new Task[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var record = codec.Encode(OutboxMessageTypes.Deserialize(batch[i]));
            record.Message.Headers.Add(MessageHeaders.MessageId, Encoding.UTF8.GetBytes(batch[i].MessageId.ToString()));
            deliveries[i] = producer.Client.ProduceTracedAsync(record.Topic, record.Message, new ProduceTrace(Parent: StepContext(batch[i])), cancellationToken);
        }

        try
        {
            await Task.WhenAll(deliveries).ConfigureAwait(false);
            return batch.Count;
        }
        catch (Exception) when (deliveries[0].IsCompletedSuccessfully)
        {
            // Those before the first failure are delivered; those after it go again, in order, next round.
            return deliveries.TakeWhile(d => d.IsCompletedSuccessfully).Count();
        }
    }

    /// <summary>The trace context of the step that wrote the row, or null (a new trace) when it had none.</summary>
    private static ActivityContext? StepContext(OutboxMessageRecord row) =>
        row.TraceParent is { } parent && ActivityContext.TryParse(parent, row.TraceState, isRemote: true, out var context) ? context : null;
}
