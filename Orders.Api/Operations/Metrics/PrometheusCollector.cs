using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Operations.Metrics;

/// <summary>
/// Listens to every instrument of the meters named <see cref="OrderMetrics.MeterName"/> that belong to this
/// process (created with <c>new Meter</c>) or to this host (created through its <see cref="IMeterFactory"/>),
/// aggregates what they record, and renders it for <c>/metrics</c>. Observable instruments are observed at
/// each scrape.
/// </summary>
public sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _aggregates = new();
    private readonly Lock _scraping = new();

    public PrometheusCollector(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            if (meter.Name != OrderMetrics.MeterName || (meter.Scope is not null && !ReferenceEquals(meter.Scope, meters)))
                return;
            var aggregate = _aggregates.GetOrAdd(instrument, i => new InstrumentAggregate(i));
            listener.EnableMeasurementEvents(instrument, aggregate);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _aggregates.TryRemove(instrument, out InstrumentAggregate? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every metric family now, sorted by name; instruments that share a name share a family.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_scraping)
        {
            foreach (var aggregate in _aggregates.Values)
                aggregate.ClearObservations();
            _listener.RecordObservableInstruments();

            return _aggregates.Values
                .Select(a => a.Snapshot())
                .GroupBy(f => f.Name, StringComparer.Ordinal)
                .Select(g => g.First() with { Series = g.SelectMany(f => f.Series).ToList() })
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    public string Scrape() => PrometheusTextWriter.Write(Collect());

    public void Dispose() => _listener.Dispose();
}
