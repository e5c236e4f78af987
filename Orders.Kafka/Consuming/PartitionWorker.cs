using System.Threading.Channels;
using Confluent.Kafka;

namespace Orders.Kafka.Consuming;

/// <summary>
/// Works through one partition's records one at a time, in offset order, and reports each finished record
/// so its offset can be stored. Partitions have a worker each, so they move on independently.
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

    public PartitionWorker(TopicPartition partition, Func<ConsumeResult<string, byte[]>, CancellationToken, Task> process, Action<ConsumeResult<string, byte[]>> finished)
    {
        Partition = partition;
        _work = Task.Run(() => WorkAsync(process, finished));
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
    /// Stops after the record in hand: waits up to <paramref name="grace"/> for it to finish, then cancels it.
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

    private async Task WorkAsync(Func<ConsumeResult<string, byte[]>, CancellationToken, Task> process, Action<ConsumeResult<string, byte[]>> finished)
    {
        var reader = _records.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (reader.TryRead(out var record))
            {
                // Once stopping, nothing new is started.
                if (_stopping)
                    return;
                await process(record, _stop.Token).ConfigureAwait(false);
                finished(record);
                Interlocked.Exchange(ref _nextOffset, record.Offset.Value + 1);
                Interlocked.Decrement(ref _backlog);
            }
        }
    }
}
