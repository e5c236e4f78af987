using System.Globalization;
using System.Text.RegularExpressions;

namespace Orders.Tests.Operations;

/// <summary>
/// A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a HELP, a TYPE or a sample
/// of a declared family, or reading fails naming the line.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, List<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name → counter, gauge, histogram, ...</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (line.StartsWith('#'))
            {
                var comment = Comment().Match(line);
                if (!comment.Success)
                    throw new FormatException($"Not a HELP or TYPE line: '{line}'");
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var type = comment.Groups["text"].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        throw new FormatException($"Unknown type in '{line}'");
                    if (!types.TryAdd(comment.Groups["name"].Value, type))
                        throw new FormatException($"A second TYPE for {comment.Groups["name"].Value}");
                }
                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
                throw new FormatException($"Not a sample line: '{line}'");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(sample.Groups["labels"].Value))
                labels.Add(label.Groups["name"].Value, Regex.Unescape(label.Groups["value"].Value));
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            var name = sample.Groups["name"].Value;
            if (FamilyOf(name, types) is null)
                throw new FormatException($"Sample of an undeclared family: '{line}'");
            samples.Add(new Sample(name, labels, value));
        }
        return new PrometheusText(types, samples);
    }

    /// <summary>The value of the sample with this name and these labels (others may exist), or 0 when there is none yet.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    private static string? FamilyOf(string sample, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sample))
            return sample;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type) && type is "histogram" or "summary")
                return sample[..^suffix.Length];
        }
        return null;
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<text>.*)$")]
    private static partial Regex Comment();

    // Label values are quoted and may hold braces (an http_route such as /orders/checkout/{requestId}).
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""(,|$)")]
    private static partial Regex Label();
}
