using System.Globalization;
using System.Text;

namespace Orders.Api.Operations.Metrics;

/// <summary>Writes metric families in the Prometheus text exposition format, version 0.0.4.</summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        foreach (var family in families)
        {
            if (!string.IsNullOrEmpty(family.Help))
                text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');

            foreach (var series in family.Series)
            {
                if (family.Kind != MetricKind.Histogram)
                {
                    Sample(text, family.Name, series.Labels, null, series.Value);
                    continue;
                }

                var bounds = family.Bounds ?? [];
                var counts = series.BucketCounts ?? [];
                for (var i = 0; i < counts.Count; i++)
                    Sample(text, family.Name + "_bucket", series.Labels, i < bounds.Count ? Number(bounds[i]) : "+Inf", counts[i]);
                Sample(text, family.Name + "_sum", series.Labels, null, series.Value);
                Sample(text, family.Name + "_count", series.Labels, null, counts.Count == 0 ? 0 : counts[^1]);
            }
        }
        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                if (!first)
                    text.Append(',');
                first = false;
                text.Append(key).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
            }
            if (le is not null)
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
