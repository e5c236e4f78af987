using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Orders.Benchmark;

/// <summary>
/// The machine's reference limit: pgbench running single-row UPDATE transactions (random rows of a scale-1
/// pgbench_accounts) against the same PostgreSQL server, in a database of its own, with the server's own
/// synchronous_commit (on).
/// </summary>
public static partial class PgBench
{
    public const string Database = "pgbench_reference";

    private const string Script = """
        \set aid random(1, 100000)
        UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
        """;

    /// <summary>Transactions per second pgbench reached; throws with pgbench's own words when it fails.</summary>
    public static async Task<double> RunAsync(string connectionString, string? executable, int clients, int seconds, TextWriter log)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var pgbench = executable ?? Find();
        await CreateDatabaseAsync(connectionString).ConfigureAwait(false);

        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Script + "\n").ConfigureAwait(false);
            await RunAsync(pgbench, connection, ["-i", "-s", "1", "-q", "-n", Database]).ConfigureAwait(false);
            var threads = Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
            var output = await RunAsync(pgbench, connection,
                ["-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads, "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, Database]).ConfigureAwait(false);
            var tps = TpsLine().Match(output);
            if (!tps.Success)
                throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
            await log.WriteLineAsync($"pgbench: {tps.Value.Trim()}").ConfigureAwait(false);
            return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Find() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists).Order(StringComparer.Ordinal).LastOrDefault()
              ?? "pgbench"
            : "pgbench";

    private static async Task CreateDatabaseAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var exists = database.CreateCommand($"SELECT 1 FROM pg_database WHERE datname = '{Database}'");
        if (await exists.ExecuteScalarAsync().ConfigureAwait(false) is null)
        {
            await using var create = database.CreateCommand($"CREATE DATABASE {Database}");
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private static async Task<string> RunAsync(string pgbench, NpgsqlConnectionStringBuilder connection, string[] arguments)
    {
        var start = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGPASSWORD"] = connection.Password;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{pgbench} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
