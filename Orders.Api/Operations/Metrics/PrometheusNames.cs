using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Orders.Api.Operations.Metrics;

/// <summary>Prometheus names for instruments and tags: dots become underscores, units and counters get their suffixes.</summary>
public static class PrometheusNames
{
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "_seconds",
        ["ms"] = "_milliseconds",
        ["By"] = "_bytes",
    };

    /// <summary>ordersaga.reply.latency with unit s → ordersaga_reply_latency_seconds; a counter gets _total.</summary>
    public static string For(Instrument instrument, MetricKind kind)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name);
        if (instrument.Unit is { } unit && UnitSuffixes.TryGetValue(unit, out var suffix) && !name.EndsWith(suffix, StringComparison.Ordinal))
            name += suffix;
        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
            name += "_total";
        return name;
    }

    /// <summary>The tags as labels with Prometheus names, sorted by name; values as invariant text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
            return [];
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var tag in tags)
            labels.Add(new(Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return labels;
    }

    /// <summary>Only [a-zA-Z0-9_:], not starting with a digit.</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            text.Append('_');
        foreach (var c in name)
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        return text.ToString();
    }
}
