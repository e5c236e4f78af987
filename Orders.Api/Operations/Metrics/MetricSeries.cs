namespace Orders.Api.Operations.Metrics;

/// <summary>The values of one instrument for one set of tags, as the exposition writes them.</summary>
/// <param name="Labels">Tag names and values, sorted by name.</param>
/// <param name="Value">The sum (counters), the last value (gauges), or the sum of the histogram's measurements.</param>
/// <param name="BucketCounts">Histograms only: the measurements at or below each bound (cumulative), then the total count.</param>
public sealed record MetricSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, IReadOnlyList<long>? BucketCounts = null);
