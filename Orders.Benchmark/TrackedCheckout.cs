using System.Diagnostics;

namespace Orders.Benchmark;

/// <summary>One checkout the benchmark drives: when it was started, accepted and seen ending, and how.</summary>
public sealed class TrackedCheckout(string requestId, bool measured, int instance = 0)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _finished;

    public string RequestId { get; } = requestId;

    /// <summary>False for warm-up checkouts, which are left out of the figures.</summary>
    public bool Measured { get; } = measured;

    /// <summary>The service instance it is sent to (an index into the benchmark's instances).</summary>
    public int Instance { get; } = instance;

    /// <summary>When its POST was due (open model) or sent (closed model): where its latency starts (<see cref="Stopwatch"/> ticks).</summary>
    public long Started { get; set; }

    /// <summary>When the 202 arrived.</summary>
    public long Accepted { get; set; }

    /// <summary>When its final event was seen on the orders topic, or 0.</summary>
    public long Finished => Volatile.Read(ref _finished);

    /// <summary>The final order event seen (order.paid, ...), the final state a poll found, or why it never started.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Completes when the checkout ended, or could not be started.</summary>
    public Task Ended => _ended.Task;

    public double LatencyMs => Finished == 0 ? double.NaN : Stopwatch.GetElapsedTime(Started, Finished).TotalMilliseconds;

    /// <summary>Records the end once; a repeated event changes nothing.</summary>
    public void Finish(long at, string outcome)
    {
        if (Interlocked.CompareExchange(ref _finished, at, 0) != 0)
            return;
        Outcome = outcome;
        _ended.TrySetResult();
    }

    public void Fail(string reason)
    {
        Outcome ??= reason;
        _ended.TrySetResult();
    }

    /// <summary>The state a poll found after the run, for a checkout whose end was not seen on the topic.</summary>
    public void Polled(string state) => Outcome = $"polled:{state}";
}
