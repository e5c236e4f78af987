using System.Threading.Channels;

namespace Orders.Persistence.Outbox;

/// <summary>
/// Wakes the <see cref="OutboxRelay"/> when a saga step has committed outbox rows, so they leave at once; and, through
/// the <see cref="OutboxPeerNotifier"/>, the relays of the other instances, which may hold the rows' shards.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _announce = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>This instance committed outbox rows: wakes its relay and tells the other instances.</summary>
    public void Notify()
    {
        _pending.Writer.TryWrite(true);
        _announce.Writer.TryWrite(true);
    }

    /// <summary>Another instance committed outbox rows (or anything may have changed): wakes this instance's relay only.</summary>
    public void Wake() => _pending.Writer.TryWrite(true);

    /// <summary>Returns when woken, or when the timeout has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _pending.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: time to look anyway.
        }
    }

    /// <summary>Returns once this instance committed outbox rows since the last call.</summary>
    public ValueTask<bool> WhenCommittedAsync(CancellationToken cancellationToken) => _announce.Reader.ReadAsync(cancellationToken);
}
