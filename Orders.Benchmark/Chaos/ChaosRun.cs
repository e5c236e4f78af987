using System.Diagnostics;
using Npgsql;

namespace Orders.Benchmark.Chaos;

/// <summary>
/// A chaos run's client side: the load with its history, then a wait until every accepted checkout has ended (or
/// the drain time is up), then the offline check; prints its figures as one JSON line (the last line printed).
/// </summary>
public static class ChaosRun
{
    private static readonly string[] NotEnded = ["Pricing", "AwaitingPayment", "Refunding"];

    public static async Task<int> RunAsync(ChaosOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var runId = Guid.NewGuid().ToString("N")[..8];
        await output.WriteLineAsync($"Chaos {runId}: {options.Rate}/s for {options.Duration.TotalSeconds} s against {string.Join(", ", options.Apis)}; history in {options.History}").ConfigureAwait(false);

        using (var history = new ChaosHistory(options.History))
        {
            using var recorder = new TopicRecorder(options.Kafka, runId, history);
            using (var load = new ChaosLoad(options, history, runId))
            {
                using var flusher = new Timer(_ => history.Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                await load.RunAsync(CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync($"Load done: {load.Accepted.Count} accepted; waiting up to {options.Drain.TotalSeconds} s for every checkout to end...").ConfigureAwait(false);
                var open = await DrainAsync(options, load.Accepted).ConfigureAwait(false);
                await output.WriteLineAsync(open == 0 ? "Every accepted checkout has ended." : $"{open} accepted checkouts have not ended.").ConfigureAwait(false);
            }
            // What the last steps produced reaches the recorder before the check reads the history.
            recorder.WaitQuiet(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        }

        var figures = await ChaosCheck.RunAsync(options).ConfigureAwait(false);
        await output.WriteLineAsync(figures.ToJsonString()).ConfigureAwait(false);
        return (bool)figures["ok"]! ? 0 : 1;
    }

    /// <summary>Waits until no accepted checkout is still waiting for an answer; returns how many still are.</summary>
    private static async Task<long> DrainAsync(ChaosOptions options, IReadOnlyCollection<string> accepted)
    {
        await using var database = NpgsqlDataSource.Create(options.Database);
        var ids = accepted.ToArray();
        var clock = Stopwatch.StartNew();
        long open = ids.Length;
        while (clock.Elapsed < options.Drain)
        {
            try
            {
                await using var command = database.CreateCommand(
                    "SELECT count(*) FROM unnest(@ids) AS a(id) LEFT JOIN checkout_sagas s ON s.request_id = a.id WHERE s.current_state IS NULL OR s.current_state = ANY(@open)");
                command.Parameters.AddWithValue("ids", ids);
                command.Parameters.AddWithValue("open", NotEnded);
                open = (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
                if (open == 0)
                    return 0;
            }
            catch (NpgsqlException)
            {
                // PostgreSQL restarting: ask again.
            }
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        return open;
    }
}
