using Confluent.Kafka;
using MassTransit.Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Serialization;
using Orders.Kafka.Tracing;

namespace Orders.Kafka.Consuming;

/// <summary>
/// Takes one record through the checkout saga's MassTransit pipeline (the mediator: the saga definition's
/// retry, the PostgreSQL saga repository, the transactional outbox) and returns only when it is done with:
/// applied and committed, or dead-lettered. A transient failure is retried with growing pauses for as long
/// as it lasts; cancellation (a revoked partition, a stop) ends the attempt without an outcome. The whole of it is
/// one <c>process</c> span that continues the record's trace, so the saga step and what it writes belong to it.
/// </summary>
public sealed partial class SagaRecordProcessor(
    KafkaMessageCodec codec,
    IMediator mediator,
    DeadLetterWriter deadLetters,
    IOptions<KafkaOptions> options,
    ILogger<SagaRecordProcessor> log)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    public async Task ProcessAsync(ConsumeResult<string, byte[]> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var processing = KafkaTracing.StartProcess(record, options.Value.GroupId);
        var pause = FirstPause;
        string? poison = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                poison ??= await TryApplyAsync(record, cancellationToken).ConfigureAwait(false);
                if (poison is not null)
                {
                    KafkaTracing.DeadLettered(processing, poison);
                    await deadLetters.WriteAsync(record, poison, cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (poison is not null || ProcessingFailures.IsTransient(ex)))
            {
                LogRetrying(log, ex, record.Topic, record.Partition.Value, record.Offset.Value, attempt, pause);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    /// <summary>Applies the record to its checkout; returns why it never can be, or null once it is applied.</summary>
    private async Task<string?> TryApplyAsync(ConsumeResult<string, byte[]> record, CancellationToken cancellationToken)
    {
        var result = codec.Decode(record);
        if (result is PoisonRecord poison)
            return poison.Reason;
        var decoded = (DecodedMessage)result;

        try
        {
            await mediator.Send(decoded.Message, decoded.Message.GetType(), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ProcessingFailures.UnknownCheckout(ex) is { } unknown)
        {
            return $"{decoded.Type}: {unknown.Message}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ProcessingFailures.IsTransient(ex))
        {
            return $"{decoded.Type}: the checkout could not apply it ({ex.GetType().Name}: {ex.Message})";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not finish {Topic}[{Partition}]@{Offset} (attempt {Attempt}); its partition waits and tries again in {Pause}")]
    private static partial void LogRetrying(ILogger log, Exception ex, string topic, int partition, long offset, int attempt, TimeSpan pause);
}
