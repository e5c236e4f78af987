using System.Text.Json;

namespace Orders.Benchmark.Chaos;

/// <summary>One injected fault, as ./chaos.sh logs it: what, from when to when (Unix milliseconds).</summary>
public sealed record ChaosFault(string Kind, long Start, long End)
{
    public const string Kill = "kill9";
    public const string PostgresStop = "postgres_stop";
    public const string BrokerDown = "broker_down";

    /// <summary>The faults file: one JSON object a line, <c>{"fault":..., "start":..., "end":...}</c>.</summary>
    public static List<ChaosFault> Read(string path)
    {
        var faults = new List<ChaosFault>();
        if (!File.Exists(path))
            return faults;
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            faults.Add(new ChaosFault(root.GetProperty("fault").GetString()!, root.GetProperty("start").GetInt64(), root.GetProperty("end").GetInt64()));
        }
        return faults;
    }
}
