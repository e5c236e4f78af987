using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;
using Orders.Kafka.Tracing;

namespace Orders.Simulators.Kafka;

/// <summary>
/// A stand-in service on Kafka: reads requests in a consumer group, answers each on its response
/// topic through an idempotent producer, and commits a request's offset only once its answer is
/// delivered, so a crash repeats answers but never loses one.
/// </summary>
/// <remarks>
/// Poison records are logged and skipped: a stand-in has no dead-letter duty. Transient failures
/// (a broker down, a failed delivery or commit) are logged and retried while librdkafka reconnects;
/// anything else rebuilds the clients after a pause. Stopping closes the consumer, so the group
/// hands its partitions on at once instead of after the session timeout; only when a commit is stuck
/// waiting for an unreachable group coordinator does the stop leave without closing.
/// </remarks>
public abstract partial class KafkaRequestResponder : BackgroundService
{
    private const int MaxBatch = 500;

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CommitRetryInterval = TimeSpan.FromSeconds(5);

    private readonly KafkaMessageCodec _codec;
    private readonly ILogger _log;

    // Offsets stored since the last commit that succeeded; whether the last commit failed, and when to try again.
    private volatile bool _uncommitted;
    private volatile bool _commitFailing;
    private DateTime _nextCommitAttempt;
    private Task? _abandonedCommit;

    protected KafkaRequestResponder(KafkaMessageCodec codec, IOptions<KafkaOptions> options, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _codec = codec;
        _log = log;
        Options = options.Value;
    }

    protected KafkaOptions Options { get; }

    /// <summary>The service's name in log lines.</summary>
    protected abstract string Name { get; }

    protected abstract string RequestTopic { get; }

    protected abstract string GroupId { get; }

    /// <summary>The answer to a request, or null for a request this service does not answer.</summary>
    protected abstract object? Answer(DecodedMessage request);

    // Task.Run: the consume loop blocks in librdkafka calls and must not hold up the host's start.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stopping)
    {
        LogStarting(_log, Name, RequestTopic, GroupId);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogRestarting(_log, ex, Name, RestartDelay);
                await Task.Delay(RestartDelay, stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        LogStopped(_log, Name);
    }

    private async Task ServeAsync(CancellationToken stopping)
    {
        _uncommitted = false;
        _commitFailing = false;
        using var producer = new ProducerBuilder<string, byte[]>(Options.IdempotentProducer())
            .SetLogHandler((_, message) => KafkaClientLog.Write(_log, Name, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Write(_log, Name, error))
            .Build();
        var consumer = new ConsumerBuilder<string, byte[]>(Options.ManualCommitConsumer(GroupId))
            .SetLogHandler((_, message) => KafkaClientLog.Write(_log, Name, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Write(_log, Name, error))
            .SetPartitionsAssignedHandler((_, partitions) => LogPartitions(Name, "was assigned", partitions))
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                LogPartitions(Name, "gave up", partitions.Select(p => p.TopicPartition));
                // What was answered is committed before the partitions move on (also on Close);
                // not while commits fail, since a commit waits for a coordinator for up to a session timeout.
                if (_uncommitted && !_commitFailing)
                    TryCommit(c);
            })
            .Build();

        _abandonedCommit = null;
        try
        {
            consumer.Subscribe(RequestTopic);
            while (!stopping.IsCancellationRequested)
            {
                var batch = NextBatch(consumer, stopping);
                if (batch.Count > 0)
                {
                    await AnswerAsync(producer, batch, stopping).ConfigureAwait(false);
                    Store(consumer, batch);
                    _uncommitted = true;
                }

                if (_uncommitted && (!_commitFailing || DateTime.UtcNow >= _nextCommitAttempt))
                    await CommitAsync(consumer, stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_abandonedCommit is { } commit)
            {
                // Closing or disposing would wait for the blocked commit; whoever is done last frees the consumer.
                LogLeftWithoutClosing(_log, Name);
                _ = commit.ContinueWith(_ => consumer.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            else
            {
                Close(consumer);
                consumer.Dispose();
            }
        }
    }

    /// <summary>
    /// Commits the stored offsets. librdkafka's commit blocks while no group coordinator is reachable
    /// (up to session.timeout.ms), so it runs aside and a stop does not wait for it: what it would
    /// have committed is answered again after the restart.
    /// </summary>
    private async Task CommitAsync(IConsumer<string, byte[]> consumer, CancellationToken stopping)
    {
        var commit = Task.Run(() => TryCommit(consumer), CancellationToken.None);
        try
        {
            await commit.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _commitFailing = true;
            _abandonedCommit = commit;
            throw;
        }
    }

    /// <summary>What has arrived, up to <see cref="MaxBatch"/> records; empty after an idle poll.</summary>
    private List<ConsumeResult<string, byte[]>> NextBatch(IConsumer<string, byte[]> consumer, CancellationToken stopping)
    {
        var batch = new List<ConsumeResult<string, byte[]>>();
        try
        {
            if (consumer.Consume(IdlePoll) is not { } first)
                return batch;

            batch.Add(first);
            while (batch.Count < MaxBatch && consumer.Consume(TimeSpan.Zero) is { } next)
                batch.Add(next);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            LogConsumeFailed(_log, Name, ex.Error.Code, ex.Error.Reason);
            if (batch.Count == 0)
                stopping.WaitHandle.WaitOne(RetryDelay);
        }

        return batch;
    }

    private async Task AnswerAsync(IProducer<string, byte[]> producer, List<ConsumeResult<string, byte[]>> batch, CancellationToken stopping)
    {
        var deliveries = new List<Task>(batch.Count);
        foreach (var record in batch)
        {
            // Each answer continues its request's trace: its send span is a child of the request's processing.
            using var processing = KafkaTracing.StartProcess(record, GroupId);
            switch (_codec.Decode(record))
            {
                case PoisonRecord poison:
                    LogPoison(_log, Name, record.Topic, record.Partition.Value, record.Offset.Value, poison.Reason);
                    break;
                case DecodedMessage request when Answer(request) is { } answer:
                    deliveries.Add(DeliverAsync(producer, _codec.Encode(answer), stopping));
                    break;
                case DecodedMessage request:
                    LogNotAnswered(_log, Name, request.Type, record.Topic, record.Partition.Value, record.Offset.Value);
                    break;
            }
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    private async Task DeliverAsync(IProducer<string, byte[]> producer, OutgoingRecord answer, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                var delivered = await producer.ProduceTracedAsync(answer.Topic, answer.Message, stopping).ConfigureAwait(false);
                LogAnswered(_log, Name, answer.Message.Key, delivered.Topic, delivered.Partition.Value, delivered.Offset.Value);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (!ex.Error.IsFatal)
            {
                LogDeliveryFailed(_log, Name, answer.Topic, answer.Message.Key, ex.Error.Reason, RetryDelay);
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(false);
            }
        }
    }

    private void Store(IConsumer<string, byte[]> consumer, List<ConsumeResult<string, byte[]>> batch)
    {
        foreach (var record in batch)
        {
            try
            {
                consumer.StoreOffset(record);
            }
            catch (KafkaException ex)
            {
                // The partition moved to another member during the batch; it reads the record again.
                LogStoreFailed(_log, Name, record.Topic, record.Partition.Value, record.Offset.Value, ex.Error.Reason);
            }
        }
    }

    private void TryCommit(IConsumer<string, byte[]> consumer)
    {
        try
        {
            consumer.Commit();
            _uncommitted = _commitFailing = false;
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            _uncommitted = _commitFailing = false;
        }
        catch (KafkaException ex)
        {
            _commitFailing = true;
            _nextCommitAttempt = DateTime.UtcNow + CommitRetryInterval;
            LogCommitFailed(_log, Name, ex.Error.Reason, CommitRetryInterval);
        }
    }

    private void Close(IConsumer<string, byte[]> consumer)
    {
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            LogCloseFailed(_log, Name, ex.Error.Reason);
        }
    }

    private void LogPartitions(string service, string change, IEnumerable<TopicPartition> partitions)
    {
        if (_log.IsEnabled(LogLevel.Information))
        {
            var names = string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
            LogRebalanced(_log, service, change, names.Length == 0 ? "no partitions" : names);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} answers requests on {Topic} in consumer group {GroupId}")]
    private static partial void LogStarting(ILogger log, string service, string topic, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} stopped")]
    private static partial void LogStopped(ILogger log, string service);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service} failed; it starts again with new Kafka clients in {Delay}")]
    private static partial void LogRestarting(ILogger log, Exception ex, string service, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} {Change} {Partitions}")]
    private static partial void LogRebalanced(ILogger log, string service, string change, string partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service} answered {RequestId} at {Topic}[{Partition}]@{Offset}")]
    private static partial void LogAnswered(ILogger log, string service, string requestId, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} skipped a poison record at {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogPoison(ILogger log, string service, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} does not answer {MessageType}; skipped {Topic}[{Partition}]@{Offset}")]
    private static partial void LogNotAnswered(ILogger log, string service, string messageType, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} could not read from Kafka ({Code}: {Reason}); reading on")]
    private static partial void LogConsumeFailed(ILogger log, string service, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} could not deliver the answer to {Topic} for {RequestId} ({Reason}); trying again in {Delay}")]
    private static partial void LogDeliveryFailed(ILogger log, string service, string topic, string requestId, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service} no longer owns {Topic}[{Partition}]@{Offset} ({Reason}); its new owner answers it")]
    private static partial void LogStoreFailed(ILogger log, string service, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} could not commit its offsets ({Reason}); trying again in {Delay}")]
    private static partial void LogCommitFailed(ILogger log, string service, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} stops without leaving its consumer group: no group coordinator answers; the group moves on after the session timeout")]
    private static partial void LogLeftWithoutClosing(ILogger log, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} could not leave its consumer group cleanly ({Reason})")]
    private static partial void LogCloseFailed(ILogger log, string service, string reason);
}
