using Confluent.Kafka;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;
using Orders.Kafka.Tracing;
using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Metrics;

namespace Orders.Kafka.Consuming;

/// <summary>
/// Takes the records a partition has waiting through the checkout saga together: each one through the same
/// MassTransit pipeline as alone (the mediator, the state machine, the PostgreSQL repository and outbox), all of
/// them in one <see cref="SagaStepBatch"/>, so they cost one transaction and one commit, their checkouts one query
/// and their writes one round trip per EF Core batch. In offset order, so one checkout's records stay in order.
/// </summary>
/// <remarks>
/// If anything fails (a record that cannot be decoded, an unknown checkout, a conflict with another step, the
/// database), nothing of the batch is kept and its records go through <see cref="SagaRecordProcessor"/> one by one,
/// with its retries and dead letters: a poison record is set aside alone and the others commit. A commit whose
/// outcome is unknown (the connection lost during it) is safe the same way: the saga ignores what it already applied.
/// </remarks>
public sealed partial class SagaBatchProcessor(
    KafkaMessageCodec codec,
    IServiceScopeFactory scopes,
    SagaRecordProcessor records,
    IOptions<KafkaOptions> options,
    ILogger<SagaBatchProcessor> log)
{
    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count > 1 && await TryApplyTogetherAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            OrderMetrics.RecordSagaBatch("kafka", batch.Count, together: true);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var record in batch)
            await records.ProcessAsync(record, cancellationToken).ConfigureAwait(false);
        OrderMetrics.RecordSagaBatch("kafka", batch.Count, together: batch.Count == 1);
    }

    private async Task<bool> TryApplyTogetherAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken cancellationToken)
    {
        var messages = new List<object>(batch.Count);
        foreach (var record in batch)
        {
            if (codec.Decode(record) is not DecodedMessage decoded)
            {
                LogOneByOne(log, batch.Count, record.Topic, record.Partition.Value, "a record cannot be decoded", null);
                return false;
            }
            messages.Add(decoded.Message);
        }

        try
        {
            var steps = await SagaBatchScope.BeginAsync(scopes, messages.Select(CorrelationIdOf).ToHashSet(), cancellationToken).ConfigureAwait(false);
            await using (steps.ConfigureAwait(false))
            {
                var mediator = steps.Services.GetRequiredService<IMediator>();
                var inBatch = Pipe.Execute<SendContext>(steps.Join);
                for (var i = 0; i < messages.Count; i++)
                {
                    // Each record's step continues the record's own trace, as it does alone.
                    using var processing = KafkaTracing.StartProcess(batch[i], options.Value.GroupId);
                    await mediator.Send(messages[i], messages[i].GetType(), inBatch, cancellationToken).ConfigureAwait(false);
                }
                await steps.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogOneByOne(log, batch.Count, batch[0].Topic, batch[0].Partition.Value, "the batch failed", ex);
            return false;
        }
    }

    private static Guid CorrelationIdOf(object message) => CheckoutId.For(WireCatalog.ForContract(message.GetType()).KeyOf(message));

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga batch of {Count} records of {Topic}[{Partition}] is rolled back and applied record by record: {Why}")]
    private static partial void LogOneByOne(ILogger log, int count, string topic, int partition, string why, Exception? ex);
}
