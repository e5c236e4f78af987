using System.Globalization;

namespace Orders.Benchmark;

/// <summary>What to run and against what, from the command line (see <see cref="Usage"/>).</summary>
public sealed record BenchmarkOptions
{
    public const string Usage = """
        Usage: Orders.Benchmark --api URL[,URL...] --database CONNECTION --kafka HOST:PORT --service-pid PID[,PID...] [options]

        Drives checkouts against a running OrderSaga and prints a summary, then one JSON line with every figure.
        ./bench.sh starts PostgreSQL, the embedded Kafka broker and the service, and runs this with them. With several
        instances (an --api and a --service-pid each, in the same order) the checkouts go to them in turn.

          --checkouts N          checkouts measured after the warm-up (default 20000)
          --concurrency C        closed model: C checkouts in flight, each started when one ends (default 256)
          --rate R               open model instead: R checkouts started per second, whatever the service does
          --duration S           with --rate: measure for S seconds (checkouts = R x S)
          --warmup N             checkouts run first and left out of the figures (default 2000)
          --timeout S            how long a checkout may take before it counts as not finished (default 60)
          --pgbench PATH         pgbench to measure the database's reference limit with (default: found in /usr/lib/postgresql)
          --pgbench-seconds S    how long pgbench runs (default 10; 0 skips it)
          --pgbench-clients N    pgbench clients (default 8)
          --postgres-pid PID     PostgreSQL's postmaster: its CPU time (backends included) is reported per checkout
          --broker-pid PID       the Kafka broker's process: its CPU time is reported per checkout
          --simulators-pid PID   the Product and Payment simulators' process, when apart: its CPU time likewise
          --partitions N         partitions of the broker's topics, reported only (set by whoever started the broker)
          --label TEXT           a name for this run, copied into the JSON
        """;

    /// <summary>The service instances' base addresses; checkout i goes to instance i modulo their number.</summary>
    public required IReadOnlyList<Uri> Apis { get; init; }
    public required string Database { get; init; }
    public required string Kafka { get; init; }

    /// <summary>The service instances' processes, in the order of <see cref="Apis"/>.</summary>
    public required IReadOnlyList<int> ServicePids { get; init; }
    public int Checkouts { get; init; } = 20_000;
    public int Concurrency { get; init; } = 256;
    public double? Rate { get; init; }
    public int Warmup { get; init; } = 2_000;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public string? PgBench { get; init; }
    public int PgBenchSeconds { get; init; } = 10;
    public int PgBenchClients { get; init; } = 8;
    public int? Partitions { get; init; }
    public int? PostgresPid { get; init; }
    public int? BrokerPid { get; init; }
    public int? SimulatorsPid { get; init; }
    public string Label { get; init; } = "";

    /// <summary>"closed" (fixed concurrency) or "open" (fixed arrival rate).</summary>
    public string Model => Rate is null ? "closed" : "open";

    /// <summary>The options, or null with the reason in <paramref name="error"/> (null too for --help).</summary>
    public static BenchmarkOptions? Parse(string[] args, out string? error)
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

        try
        {
            var known = new[] { "api", "database", "kafka", "service-pid", "checkouts", "concurrency", "rate", "duration", "warmup", "timeout", "pgbench", "pgbench-seconds", "pgbench-clients", "partitions", "label", "postgres-pid", "broker-pid", "simulators-pid" };
            if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
                throw new FormatException($"unknown option --{unknown}");

            var rate = Number(values, "rate", null, 0.1, 100_000);
            var duration = Number(values, "duration", null, 1, 86_400);
            if (duration is not null && rate is null)
                throw new FormatException("--duration needs --rate");
            var checkouts = duration is { } seconds && rate is { } perSecond
                ? (int)Math.Round(seconds * perSecond)
                : (int)Number(values, "checkouts", 20_000, 1, 10_000_000)!.Value;

            var apis = Required(values, "api").Split(',').Select(a => new Uri(a.Trim())).ToList();
            var pids = Required(values, "service-pid").Split(',').Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                ? pid : throw new FormatException($"--service-pid must be process ids separated by commas, not '{values["service-pid"]}'")).ToList();
            if (apis.Count != pids.Count)
                throw new FormatException($"--api names {apis.Count} instance(s) but --service-pid {pids.Count}: give one process id per address");

            return new BenchmarkOptions
            {
                Apis = apis,
                Database = Required(values, "database"),
                Kafka = Required(values, "kafka"),
                ServicePids = pids,
                Checkouts = checkouts,
                Concurrency = (int)Number(values, "concurrency", 256, 1, 100_000)!.Value,
                Rate = rate,
                Warmup = (int)Number(values, "warmup", 2_000, 0, 10_000_000)!.Value,
                Timeout = TimeSpan.FromSeconds(Number(values, "timeout", 60, 1, 3600)!.Value),
                PgBench = values.GetValueOrDefault("pgbench"),
                PgBenchSeconds = (int)Number(values, "pgbench-seconds", 10, 0, 3600)!.Value,
                PgBenchClients = (int)Number(values, "pgbench-clients", 8, 1, 1000)!.Value,
                Partitions = values.ContainsKey("partitions") ? (int)Number(values, "partitions", null, 1, 10_000)!.Value : null,
                Label = values.GetValueOrDefault("label", ""),
                PostgresPid = OptionalPid(values, "postgres-pid"),
                BrokerPid = OptionalPid(values, "broker-pid"),
                SimulatorsPid = OptionalPid(values, "simulators-pid"),
            };
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static int? OptionalPid(Dictionary<string, string> values, string name) =>
        values.ContainsKey(name) ? (int)Number(values, name, null, 1, int.MaxValue)!.Value : null;

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new FormatException($"--{name} is required");

    private static double? Number(Dictionary<string, string> values, string name, double? fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FormatException($"--{name} must be a number from {min} to {max}, not '{text}'");
        return value;
    }
}
