using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orders.Api.Operations.Metrics;

/// <summary>
/// The running aggregate of one instrument, per set of tags: a sum for counters, the last value for gauges and
/// observable instruments, bucket counts for histograms.
/// </summary>
public sealed class InstrumentAggregate
{
    /// <summary>Seconds, Prometheus's usual defaults, for histograms that give no advice.</summary>
    public static readonly IReadOnlyList<double> DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly double[] _bounds;
    private readonly bool _replaces;

    public InstrumentAggregate(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Instrument = instrument;
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;

        if (definition == typeof(Histogram<>))
        {
            Kind = MetricKind.Histogram;
            _bounds = [.. HistogramBounds(instrument) ?? DefaultBounds];
        }
        else
        {
            Kind = definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricKind.Counter : MetricKind.Gauge;
            _bounds = [];
        }

        // Observable instruments report their current total, and gauges their current value: the last one counts.
        _replaces = instrument.IsObservable || definition == typeof(Gauge<>);
        Name = PrometheusNames.For(instrument, Kind);
    }

    public Instrument Instrument { get; }
    public MetricKind Kind { get; }
    public string Name { get; }

    /// <summary>Observable instruments are observed afresh at every scrape; what they said before is dropped first.</summary>
    public void ClearObservations()
    {
        if (Instrument.IsObservable)
            _series.Clear();
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = PrometheusNames.Labels(tags);
        var key = string.Join('\u0001', labels.Select(l => $"{l.Key}\u0002{l.Value}"));
        var series = _series.GetOrAdd(key, _ => new Series(labels, _bounds.Length));
        lock (series)
        {
            if (Kind == MetricKind.Histogram)
            {
                var bucket = Array.BinarySearch(_bounds, value);
                // Buckets are "at or below the bound": an exact match belongs to its own bucket.
                series.Buckets[bucket >= 0 ? bucket : ~bucket]++;
                series.Value += value;
            }
            else
            {
                series.Value = _replaces ? value : series.Value + value;
            }
        }
    }

    public MetricFamily Snapshot()
    {
        var list = new List<MetricSeries>();
        foreach (var series in _series.Values)
        {
            lock (series)
            {
                if (Kind != MetricKind.Histogram)
                {
                    list.Add(new MetricSeries(series.Labels, series.Value));
                    continue;
                }

                var cumulative = new long[series.Buckets.Length];
                long running = 0;
                for (var i = 0; i < series.Buckets.Length; i++)
                    cumulative[i] = running += series.Buckets[i];
                list.Add(new MetricSeries(series.Labels, series.Value, cumulative));
            }
        }
        return new MetricFamily(Name, Kind, Instrument.Description, Kind == MetricKind.Histogram ? _bounds : null, list);
    }

    private static IReadOnlyList<double>? HistogramBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
        _ => null,
    };

    private sealed class Series(IReadOnlyList<KeyValuePair<string, string>> labels, int bounds)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

        /// <summary>One count per bound, and one for above the last bound.</summary>
        public long[] Buckets { get; } = new long[bounds + 1];

        public double Value { get; set; }
    }
}
