using System.Threading.Channels;
using Confluent.Kafka;
using Orders.Kafka.Configuration;

namespace Orders.Kafka.Consuming;

/// <summary>
/// Works through one partition's records in offset order, a batch at a time: the records waiting when it is free
/// (at most <c>maxBatch</c>, optionally waiting <c>batchWait</c> for more), and reports the last of each finished
/// batch so the offset after it can be stored. Partitions have a worker each, so they move on independently.
/// </summary>
public sealed class PartitionWorker : IDisposable
{
    private readonly Channel<ConsumeResult<string, byte[]>> _records =
        Channel.CreateUnbounded<ConsumeResult<string, byte[]>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _work;
    private int _backlog;
    private long _nextOffset = -1;
    private volatile bool _stopping;

    public PartitionWorker(
        TopicPartition partition,
        SagaBatchSettings batches,
        Func<IReadOnlyList<ConsumeResult<string, byte[]>>, CancellationToken, Task> process,
        Action<ConsumeResult<string, byte[]>> finished)
    {
        ArgumentNullException.ThrowIfNull(batches);
        Partition = partition;
        _work = Task.Run(() => WorkAsync(batches, process, finished));
    }

    public TopicPartition Partition { get; }

    /// <summary>Records handed over and not finished yet.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    /// <summary>The offset after the last finished record, or null before the first.</summary>
    public long? NextOffset => Interlocked.Read(ref _nextOffset) is >= 0 and var next ? next : null;

    /// <summary>Whether the consumer paused fetching for this partition because the backlog is long.</summary>
    public bool Paused { get; set; }

    public void Enqueue(ConsumeResult<string, byte[]> record)
    {
        Interlocked.Increment(ref _backlog);
        if (!_records.Writer.TryWrite(record))
            Interlocked.Decrement(ref _backlog);
    }

    /// <summary>
    /// Stops after the batch in hand: waits up to <paramref name="grace"/> for it to finish, then cancels it.
    /// Records not started are left for whoever reads the partition next, from its committed offset.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        _records.Writer.TryComplete();
        _stop.CancelAfter(grace);
        try
        {
            await _work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task WorkAsync(
        SagaBatchSettings batches,
        Func<IReadOnlyList<ConsumeResult<string, byte[]>>, CancellationToken, Task> process,
        Action<ConsumeResult<string, byte[]>> finished)
    {
        var reader = _records.Reader;
        var batch = new List<ConsumeResult<string, byte[]>>(batches.MaxRecords);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // Once stopping, nothing new is started.
            if (_stopping)
                return;
            batch.Clear();
            Take(reader, batch, batches.MaxRecords);
            if (batches.Wait > TimeSpan.Zero && batch.Count < batches.MaxRecords)
                await WaitForMoreAsync(reader, batch, batches).ConfigureAwait(false);
            if (batch.Count == 0)
                continue;

            await process(batch, _stop.Token).ConfigureAwait(false);
            // The offset after the last one covers the whole batch.
            finished(batch[^1]);
            Interlocked.Exchange(ref _nextOffset, batch[^1].Offset.Value + 1);
            Interlocked.Add(ref _backlog, -batch.Count);
        }
    }

    private static void Take(ChannelReader<ConsumeResult<string, byte[]>> reader, List<ConsumeResult<string, byte[]>> batch, int max)
    {
        while (batch.Count < max && reader.TryRead(out var record))
            batch.Add(record);
    }

    /// <summary>Gathers records arriving within the batch wait, so a busy partition's batches fill up; never waits past it.</summary>
    private async Task WaitForMoreAsync(ChannelReader<ConsumeResult<string, byte[]>> reader, List<ConsumeResult<string, byte[]>> batch, SagaBatchSettings batches)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(batches.Wait);
        try
        {
            while (batch.Count < batches.MaxRecords && await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                Take(reader, batch, batches.MaxRecords);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            // The wait is over: the batch goes as it is.
        }
    }
}
