using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Orders.Benchmark;

/// <summary>
/// One benchmark run: pgbench for the reference limit, a warm-up, the measured checkouts, the correctness checks,
/// then a summary and one JSON line with every figure (the last line printed).
/// </summary>
public static class BenchmarkRun
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan LongestWarmup = TimeSpan.FromSeconds(180);
    private const double JitSettledPerSecond = 20;

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var prefix = $"bench-{runId}-";
        var loadAtStart = BenchmarkReport.LoadAverage();

        var probe = new DatabaseProbe(NpgsqlDataSource.Create(options.Database));
        await using var _ = probe.ConfigureAwait(false);
        var synchronousCommit = await probe.SynchronousCommitAsync().ConfigureAwait(false);
        if (synchronousCommit != "on")
        {
            await Console.Error.WriteLineAsync($"error: the database runs with synchronous_commit={synchronousCommit}; our figures are taken with it on").ConfigureAwait(false);
            return 2;
        }

        if (!await ServicesReadyAsync(options).ConfigureAwait(false))
            return 2;

        await output.WriteLineAsync($"Benchmark {runId}: {options.Model} model, {Describe(options)}, {options.Checkouts} checkouts after {options.Warmup} warm-up, against {string.Join(", ", options.Apis)}").ConfigureAwait(false);
        var pgbenchTps = await PgBenchReferenceAsync(options, output).ConfigureAwait(false);

        using var instances = new ServiceInstances(options);
        using var watcher = new CompletionWatcher(options.Kafka, runId);
        var driver = new CheckoutDriver(instances.Clients, watcher, options.Timeout);
        var count = options.Apis.Count;

        var warmup = Enumerable.Range(0, options.Warmup).Select(i => new TrackedCheckout($"{prefix}w{i}", measured: false, i % count)).ToList();
        var measured = Enumerable.Range(0, options.Checkouts).Select(i => new TrackedCheckout($"{prefix}{i}", measured: true, i % count)).ToList();

        if (warmup.Count > 0)
        {
            await output.WriteLineAsync($"Warm-up: {warmup.Count} checkouts...").ConfigureAwait(false);
            await DriveAsync(driver, warmup, options).ConfigureAwait(false);
            await WarmUntilJitSettlesAsync(driver, instances, warmup, prefix, options, output).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Measuring: {measured.Count} checkouts...").ConfigureAwait(false);
        var window = await MeasuredWindow.MeasureAsync(() => DriveAsync(driver, measured, options), measured, probe, instances, driver, CpuWatched(options)).ConfigureAwait(false);
        var checks = await CorrectnessChecks.RunAsync([.. warmup, .. measured], measured, prefix, driver, watcher, probe, options).ConfigureAwait(false);

        var json = new BenchmarkReport(options, runId, loadAtStart, synchronousCommit, warmup.Count, pgbenchTps, measured, window, checks, instances, watcher, driver).ToJson();
        await output.WriteLineAsync(BenchmarkReport.Summary(json, checks.Unseen)).ConfigureAwait(false);
        await output.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false })).ConfigureAwait(false);
        return checks.Correct ? 0 : 1;
    }

    /// <summary>Waits until every instance answers; says which did not, if one does not.</summary>
    private static async Task<bool> ServicesReadyAsync(BenchmarkOptions options)
    {
        for (var i = 0; i < options.Apis.Count; i++)
        {
            if (!await ServiceReadyAsync(options.Apis[i], options.ServicePids[i]).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"error: the service (pid {options.ServicePids[i]}) did not answer at {options.Apis[i]} within {ReadyTimeout}").ConfigureAwait(false);
                return false;
            }
        }
        return true;
    }

    /// <summary>pgbench's single-row UPDATEs per second on the same server (the reference limit), unless the options skip it.</summary>
    private static async Task<double?> PgBenchReferenceAsync(BenchmarkOptions options, TextWriter output)
    {
        if (options.PgBenchSeconds <= 0)
            return null;
        await output.WriteLineAsync($"pgbench: {options.PgBenchClients} clients, {options.PgBenchSeconds} s of single-row UPDATEs on the same server...").ConfigureAwait(false);
        return await PgBench.RunAsync(options.Database, options.PgBench, options.PgBenchClients, options.PgBenchSeconds, output).ConfigureAwait(false);
    }

    /// <summary>Waits until the service answers (it migrates the database and joins its consumer group first).</summary>
    private static async Task<bool> ServiceReadyAsync(Uri api, int pid)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && Directory.Exists($"/proc/{pid}"))
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/diagnostics/runtime", UriKind.Relative)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250).ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>
    /// Goes on warming up, a round of checkouts at a time, until the service's JIT has settled (fewer than
    /// <see cref="JitSettledPerSecond"/> methods compiled per second in the last round) or <see cref="LongestWarmup"/> has
    /// passed: tiered compilation keeps recompiling hot methods for a while, and that CPU is not the steady state measured.
    /// </summary>
    private static async Task WarmUntilJitSettlesAsync(
        CheckoutDriver driver, ServiceInstances instances, List<TrackedCheckout> warmup, string prefix, BenchmarkOptions options, TextWriter output)
    {
        var started = Stopwatch.GetTimestamp();
        var round = options.Rate is { } rate ? (int)Math.Max(500, rate * 2) : Math.Max(500, options.Concurrency * 2);
        while (Stopwatch.GetElapsedTime(started) < LongestWarmup)
        {
            var before = await instances.RuntimeAsync().ConfigureAwait(false);
            var roundStarted = Stopwatch.GetTimestamp();
            var checkouts = Enumerable.Range(warmup.Count, round).Select(i => new TrackedCheckout($"{prefix}w{i}", measured: false, i % instances.Clients.Count)).ToList();
            warmup.AddRange(checkouts);
            await DriveAsync(driver, checkouts, options).ConfigureAwait(false);
            var after = await instances.RuntimeAsync().ConfigureAwait(false);
            // The instance still compiling most decides.
            var perSecond = before.Zip(after, (b, a) => a.JitMethods - b.JitMethods).Max() / Stopwatch.GetElapsedTime(roundStarted).TotalSeconds;
            if (perSecond < JitSettledPerSecond)
                return;
            await output.WriteLineAsync($"Warm-up: the service still compiles {perSecond:F0} methods/s; {round} more checkouts...").ConfigureAwait(false);
        }
    }

    private static Task DriveAsync(CheckoutDriver driver, IReadOnlyList<TrackedCheckout> checkouts, BenchmarkOptions options) =>
        options.Rate is { } rate ? driver.RunOpenAsync(checkouts, rate) : driver.RunClosedAsync(checkouts, options.Concurrency);

    private static List<(string Name, int Pid)> CpuWatched(BenchmarkOptions options)
    {
        var watched = options.ServicePids.Count == 1
            ? new List<(string Name, int Pid)> { ("service", options.ServicePids[0]) }
            : options.ServicePids.Select((pid, i) => ($"service-{i + 1}", pid)).ToList();
        if (options.PostgresPid is { } postgres)
            watched.Add(("postgres", postgres));
        if (options.BrokerPid is { } broker)
            watched.Add(("broker", broker));
        if (options.SimulatorsPid is { } simulators)
            watched.Add(("simulators", simulators));
        watched.Add(("benchmark", Environment.ProcessId));
        return watched;
    }

    private static string Describe(BenchmarkOptions options) =>
        options.Rate is { } rate ? $"{rate.ToString(CultureInfo.InvariantCulture)} checkouts/s arriving" : $"{options.Concurrency} in flight";
}
