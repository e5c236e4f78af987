using System.Globalization;

namespace Orders.Benchmark.Chaos;

/// <summary>What the chaos run drives and where it writes, from the command line (see <see cref="Usage"/>).</summary>
public sealed record ChaosOptions
{
    public const string Usage = """
        Usage: Orders.Benchmark chaos --api URL[,URL...] --database CONNECTION --kafka HOST:PORT --history FILE --faults FILE [options]
               Orders.Benchmark chaos-check --database CONNECTION --history FILE --faults FILE

        chaos: drives checkouts at a steady rate (a mix: paid, rejected, declined, cancelled, shipped), injects poison
        records on the saga's input topics, writes every request, answer and watched record to the history file, waits
        until every accepted checkout has ended, then runs the check. The faults (kill -9, PostgreSQL and broker
        outages) are injected by ./chaos.sh, which appends them to the faults file.
        chaos-check: the offline check alone, from the history, the faults file and the database; prints one JSON line.

          --rate R            checkouts started per second (default 200)
          --duration S        seconds of load (default 600)
          --poison-every S    seconds between rounds of poison records, one per input topic (default 60)
          --drain S           how long to wait after the load for every checkout to end (default 240)
        """;

    public IReadOnlyList<Uri> Apis { get; init; } = [];
    public required string Database { get; init; }
    public string Kafka { get; init; } = "";
    public required string History { get; init; }
    public required string Faults { get; init; }
    public double Rate { get; init; } = 200;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(600);
    public TimeSpan PoisonEvery { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(240);

    public static ChaosOptions? Parse(string[] args, bool checkOnly, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
                return null;
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"unexpected argument '{args[i]}'";
                return null;
            }
            values[args[i][2..]] = args[++i];
        }

        string[] required = checkOnly ? ["database", "history", "faults"] : ["api", "database", "kafka", "history", "faults"];
        string[] known = [.. required, "rate", "duration", "poison-every", "drain"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            error = $"unknown option --{unknown}";
            return null;
        }
        if (required.FirstOrDefault(r => !values.ContainsKey(r)) is { } missing)
        {
            error = $"--{missing} is required";
            return null;
        }

        try
        {
            return new ChaosOptions
            {
                Apis = values.TryGetValue("api", out var apis) ? apis.Split(',').Select(a => new Uri(a)).ToList() : [],
                Database = values["database"],
                Kafka = values.GetValueOrDefault("kafka", ""),
                History = values["history"],
                Faults = values["faults"],
                Rate = Number(values, "rate", 200),
                Duration = TimeSpan.FromSeconds(Number(values, "duration", 600)),
                PoisonEvery = TimeSpan.FromSeconds(Number(values, "poison-every", 60)),
                Drain = TimeSpan.FromSeconds(Number(values, "drain", 240)),
            };
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new FormatException($"--{name} must be a positive number, not '{text}'");
        return value;
    }
}
