using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orders.StateMachine.Metrics;

namespace Orders.Tests.Kafka;

/// <summary>Records the saga batches of Kafka records of this process, as the saga endpoint reports them (ordersaga.saga.batch.size).</summary>
public sealed class SagaBatchMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(int Records, string Applied)> _batches = new();

    public SagaBatchMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrderMetrics.MeterName && instrument.Name == "ordersaga.saga.batch.size")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, records, tags, _) =>
        {
            string? source = null, applied = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "source")
                    source = tag.Value as string;
                else if (tag.Key == "applied")
                    applied = tag.Value as string;
            }
            if (source == "kafka" && applied is not null)
                _batches.Enqueue((records, applied));
        });
        _listener.Start();
    }

    public IReadOnlyList<(int Records, string Applied)> Batches => [.. _batches];

    /// <summary>Waits until a batch of that many records was applied that way; false after the timeout.</summary>
    public async Task<bool> WaitForAsync(int records, string applied, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Batches.Contains((records, applied)))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }
        return true;
    }

    public void Dispose() => _listener.Dispose();
}
