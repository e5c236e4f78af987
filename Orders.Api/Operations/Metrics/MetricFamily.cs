namespace Orders.Api.Operations.Metrics;

/// <summary>What a Prometheus metric family is.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One exported metric: its Prometheus name, kind, help text, histogram bounds and series.</summary>
public sealed record MetricFamily(string Name, MetricKind Kind, string? Help, IReadOnlyList<double>? Bounds, IReadOnlyList<MetricSeries> Series);
