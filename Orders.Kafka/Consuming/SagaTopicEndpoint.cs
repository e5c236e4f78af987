using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.StateMachine.Metrics;

namespace Orders.Kafka.Consuming;

/// <summary>
/// The checkout saga's Kafka endpoint: reads the topics the saga listens to (product-responses,
/// payment-responses, shipments) in the service's consumer group and hands each partition's waiting records, a
/// batch at a time, to the <see cref="SagaBatchProcessor"/>. Each partition is worked through in order by a worker
/// of its own, so partitions move on independently; a batch's offsets are stored only once its saga steps have
/// committed (or been dead-lettered), and librdkafka commits stored offsets every second, when a partition is
/// revoked and on close. Rebalances are cooperative: assigned and revoked partitions come as increments, and a
/// worker lives from its partition's assignment to its revocation.
/// </summary>
public sealed partial class SagaTopicEndpoint(
    SagaBatchProcessor processor,
    IOptions<KafkaOptions> options,
    ILogger<SagaTopicEndpoint> log) : BackgroundService
{
    private const string Name = "Saga endpoint";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long a revoked partition's record in hand may take to finish before it is cancelled.</summary>
    private static readonly TimeSpan RevokeGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the consumer lag of each partition is measured for the metrics and the back-pressure.</summary>
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<TopicPartition, PartitionWorker> _workers = [];
    private IReadOnlyList<TopicPartition> _assigned = [];

    /// <summary>The partitions this instance reads now (its share of the consumer group's), for diagnostics.</summary>
    public IReadOnlyList<TopicPartition> AssignedPartitions => Volatile.Read(ref _assigned);

    /// <summary>The topics this endpoint reads.</summary>
    public IReadOnlyList<string> Topics { get; } =
        [options.Value.Topics.ProductResponses, options.Value.Topics.PaymentResponses, options.Value.Topics.Shipments];

    // Task.Run: the consume loop blocks in librdkafka calls and must not hold up the host's start.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        var topics = string.Join(", ", Topics);
        LogStarting(log, topics, settings.GroupId);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(settings, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogRestarting(log, ex, RestartDelay);
                await Task.Delay(RestartDelay, stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
        LogStopped(log);
    }

    private async Task ServeAsync(KafkaOptions settings, CancellationToken stopping)
    {
        var config = settings.ManualCommitConsumer(settings.GroupId);
        // Offsets are stored by hand once a record is done; librdkafka commits what is stored.
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs ??= 1000;
        // Incremental rebalancing: an instance joining or leaving moves only the partitions that change hands, and
        // the handlers below get only those, so every other partition keeps its worker and its record in hand. The
        // eager default (range,roundrobin) revokes every partition of every member first.
        config.PartitionAssignmentStrategy ??= PartitionAssignmentStrategy.CooperativeSticky;

        var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, message) => KafkaClientLog.Write(log, Name, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Write(log, Name, error))
            .SetPartitionsAssignedHandler((c, partitions) => Assign(c, partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Revoke(partitions.Select(p => p.TopicPartition), "gave up"))
            .SetPartitionsLostHandler((_, partitions) => Revoke(partitions.Select(p => p.TopicPartition), "lost"))
            .Build();
        try
        {
            consumer.Subscribe(Topics);
            var nextLag = DateTime.UtcNow;
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (consumer.Consume(Poll) is { IsPartitionEOF: false } record && _workers.TryGetValue(record.TopicPartition, out var worker))
                        worker.Enqueue(record);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LogConsumeFailed(log, ex.Error.Code, ex.Error.Reason);
                }
                Throttle(consumer, settings.MaxPartitionBacklog);
                if (DateTime.UtcNow >= nextLag)
                {
                    MeasureLag(consumer);
                    nextLag = DateTime.UtcNow + LagInterval;
                }
            }
        }
        finally
        {
            // In-flight records finish and are stored; the close commits them and leaves the group.
            Revoke(_workers.Keys.ToList(), "stops reading");
            Close(consumer);
        }
    }

    /// <summary>Pauses fetching for a partition whose worker is far behind, and resumes it once it caught up.</summary>
    private void Throttle(IConsumer<string, byte[]> consumer, int maxBacklog)
    {
        foreach (var worker in _workers.Values)
        {
            if (!worker.Paused && worker.Backlog >= maxBacklog)
            {
                consumer.Pause([worker.Partition]);
                worker.Paused = true;
            }
            else if (worker.Paused && worker.Backlog <= maxBacklog / 2)
            {
                consumer.Resume([worker.Partition]);
                worker.Paused = false;
            }
        }
    }

    /// <summary>
    /// Records not yet through the saga, per partition: the broker's end of the partition (as last fetched) minus
    /// the offset after the last finished record. Read from librdkafka's cached watermarks, no broker round trip.
    /// </summary>
    private void MeasureLag(IConsumer<string, byte[]> consumer)
    {
        foreach (var worker in _workers.Values)
        {
            try
            {
                var end = consumer.GetWatermarkOffsets(worker.Partition).High;
                var next = worker.NextOffset ?? (consumer.Position(worker.Partition) is { IsSpecial: false } position ? position.Value - worker.Backlog : (long?)null);
                if (end != Offset.Unset && next is { } done)
                    OrderMetrics.RecordConsumerLag(worker.Partition.Topic, worker.Partition.Partition.Value, end.Value - done);
            }
            catch (KafkaException)
            {
                // Not known yet (nothing fetched) or no longer assigned: no reading this time.
            }
        }
    }

    private void Assign(IConsumer<string, byte[]> consumer, List<TopicPartition> partitions)
    {
        var names = Names(partitions);
        LogPartitions(log, "was assigned", names);
        foreach (var partition in partitions.Where(p => !_workers.ContainsKey(p)))
            _workers[partition] = new PartitionWorker(partition, options.Value.SagaBatch, processor.ProcessAsync, record => Store(consumer, record));
        Volatile.Write(ref _assigned, [.. _workers.Keys]);
    }

    /// <summary>Stops the partitions' workers and waits for their records in hand, so their offsets are stored before the commit that follows.</summary>
    private void Revoke(IEnumerable<TopicPartition> partitions, string change)
    {
        var workers = new List<PartitionWorker>();
        foreach (var partition in partitions)
        {
            if (_workers.Remove(partition, out var worker))
                workers.Add(worker);
        }
        Volatile.Write(ref _assigned, [.. _workers.Keys]);
        if (workers.Count == 0)
            return;
        foreach (var worker in workers)
            OrderMetrics.ForgetConsumerLag(worker.Partition.Topic, worker.Partition.Partition.Value);

        var names = Names(workers.Select(w => w.Partition));
        LogPartitions(log, change, names);
        Task.WaitAll(workers.Select(w => w.StopAsync(RevokeGrace)));
        foreach (var worker in workers)
            worker.Dispose();
    }

    private void Store(IConsumer<string, byte[]> consumer, ConsumeResult<string, byte[]> record)
    {
        try
        {
            consumer.StoreOffset(record);
        }
        catch (KafkaException ex)
        {
            // The partition moved to another member meanwhile; it reads the record again and the saga ignores the repeat.
            LogStoreFailed(log, record.Topic, record.Partition.Value, record.Offset.Value, ex.Error.Reason);
        }
    }

    /// <summary>Leaves the group, committing what is stored; a close that hangs on an unreachable coordinator is abandoned.</summary>
    private void Close(IConsumer<string, byte[]> consumer)
    {
        var close = Task.Run(() =>
        {
            try
            {
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                LogCloseFailed(log, ex.Error.Reason);
            }
            consumer.Dispose();
        });
        if (!close.Wait(CloseTimeout))
            LogLeftWithoutClosing(log, CloseTimeout);
    }

    private static string Names(IEnumerable<TopicPartition> partitions)
    {
        var names = string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
        return names.Length == 0 ? "no partitions" : names;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga endpoint reads {Topics} in consumer group {GroupId}")]
    private static partial void LogStarting(ILogger log, string topics, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga endpoint stopped")]
    private static partial void LogStopped(ILogger log);

    [LoggerMessage(Level = LogLevel.Error, Message = "Saga endpoint failed; it starts again with a new consumer in {Delay}")]
    private static partial void LogRestarting(ILogger log, Exception ex, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga endpoint {Change} {Partitions}")]
    private static partial void LogPartitions(ILogger log, string change, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga endpoint could not read from Kafka ({Code}: {Reason}); reading on")]
    private static partial void LogConsumeFailed(ILogger log, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Saga endpoint no longer owns {Topic}[{Partition}]@{Offset} ({Reason}); its new owner reads it again")]
    private static partial void LogStoreFailed(ILogger log, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga endpoint could not leave its consumer group cleanly ({Reason})")]
    private static partial void LogCloseFailed(ILogger log, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga endpoint stopped without leaving its consumer group within {Timeout}: no group coordinator answers; the group moves on after the session timeout")]
    private static partial void LogLeftWithoutClosing(ILogger log, TimeSpan timeout);
}
