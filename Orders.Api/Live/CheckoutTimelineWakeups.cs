using Orders.Persistence.Notifications;

namespace Orders.Api.Live;

/// <summary>
/// Wakes the live status streams of this instance when their checkout's timeline grew, from the notifications the
/// database sends for every insert into <c>checkout_timeline</c> (whichever instance made it). A stream watches its
/// checkout with <see cref="Watch"/> and waits on the watch between its reads. At most <c>LiveStatus:MaxStreams</c>
/// watches are open at once (<see cref="TryReserve"/>).
/// </summary>
public sealed class CheckoutTimelineWakeups : IPostgresNotificationHandler
{
    private readonly Dictionary<string, List<TimelineWatch>> _watches = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _reserved;

    public string Channel => NotificationChannels.Timeline;

    /// <summary>Streams open now.</summary>
    public int Open => Volatile.Read(ref _reserved);

    /// <summary>Takes one of the <paramref name="limit"/> stream places; false when all are taken.</summary>
    public bool TryReserve(int limit)
    {
        while (true)
        {
            var reserved = Volatile.Read(ref _reserved);
            if (reserved >= limit)
                return false;
            if (Interlocked.CompareExchange(ref _reserved, reserved + 1, reserved) == reserved)
                return true;
        }
    }

    /// <summary>Gives a place back (when its stream ends).</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Starts watching a checkout; dispose the watch when the stream ends.</summary>
    public TimelineWatch Watch(string requestId)
    {
        var watch = new TimelineWatch(this, requestId);
        lock (_lock)
        {
            if (!_watches.TryGetValue(requestId, out var list))
                _watches[requestId] = list = [];
            list.Add(watch);
        }
        return watch;
    }

    public void OnNotified(string? payload)
    {
        if (payload is null or NotificationChannels.Everything)
        {
            lock (_lock)
            {
                foreach (var list in _watches.Values)
                    list.ForEach(w => w.Wake());
            }
            return;
        }

        foreach (var requestId in payload.Split(','))
        {
            lock (_lock)
            {
                if (_watches.TryGetValue(requestId, out var list))
                    list.ForEach(w => w.Wake());
            }
        }
    }

    private void Forget(TimelineWatch watch)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(watch.RequestId, out var list) && list.Remove(watch) && list.Count == 0)
                _watches.Remove(watch.RequestId);
        }
    }

    /// <summary>One stream's watch of its checkout.</summary>
    public sealed class TimelineWatch(CheckoutTimelineWakeups owner, string requestId) : IDisposable
    {
        private readonly SemaphoreSlim _changed = new(0, 1);

        public string RequestId => requestId;

        /// <summary>Returns true when the checkout's timeline grew since the last wait, false when the timeout passed first.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

        public void Dispose()
        {
            owner.Forget(this);
            _changed.Dispose();
        }

        internal void Wake()
        {
            try
            {
                if (_changed.CurrentCount == 0)
                    _changed.Release();
            }
            catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
            {
                // Woken already, or the stream just ended.
            }
        }
    }
}
