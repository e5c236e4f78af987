using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Orders.Benchmark;

/// <summary>
/// One benchmark run: pgbench for the reference limit, a warm-up, the measured checkouts, the correctness checks,
/// then a summary and one JSON line with every figure (the last line printed).
/// </summary>
public static class BenchmarkRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan LongestWarmup = TimeSpan.FromSeconds(180);
    private const double JitSettledPerSecond = 20;

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var prefix = $"bench-{runId}-";
        var loadAtStart = LoadAverage();

        var probe = new DatabaseProbe(NpgsqlDataSource.Create(options.Database));
        await using var _ = probe.ConfigureAwait(false);
        var synchronousCommit = await probe.SynchronousCommitAsync().ConfigureAwait(false);
        if (synchronousCommit != "on")
        {
            await Console.Error.WriteLineAsync($"error: the database runs with synchronous_commit={synchronousCommit}; our figures are taken with it on").ConfigureAwait(false);
            return 2;
        }

        for (var i = 0; i < options.Apis.Count; i++)
        {
            if (!await ServiceReadyAsync(options.Apis[i], options.ServicePids[i]).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"error: the service (pid {options.ServicePids[i]}) did not answer at {options.Apis[i]} within {ReadyTimeout}").ConfigureAwait(false);
                return 2;
            }
        }

        await output.WriteLineAsync($"Benchmark {runId}: {options.Model} model, {Describe(options)}, {options.Checkouts} checkouts after {options.Warmup} warm-up, against {string.Join(", ", options.Apis)}").ConfigureAwait(false);
        double? pgbenchTps = null;
        if (options.PgBenchSeconds > 0)
        {
            await output.WriteLineAsync($"pgbench: {options.PgBenchClients} clients, {options.PgBenchSeconds} s of single-row UPDATEs on the same server...").ConfigureAwait(false);
            pgbenchTps = await PgBench.RunAsync(options.Database, options.PgBench, options.PgBenchClients, options.PgBenchSeconds, output).ConfigureAwait(false);
        }

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
        var (commits0, steps0) = await probe.CountersAsync().ConfigureAwait(false);
        var each0 = await instances.RuntimeAsync().ConfigureAwait(false);
        var runtime0 = RuntimeFigures.Sum(each0);
        var cpu = new ProcessCpu(CpuWatched(options));
        var cpu0 = cpu.Seconds();
        var requests0 = driver.Requests;
        var accepted0 = Enumerable.Range(0, count).Select(driver.AcceptedBy).ToArray();
        var windowStart = Stopwatch.GetTimestamp();

        await DriveAsync(driver, measured, options).ConfigureAwait(false);

        var windowEnd = measured.Select(c => c.Finished).DefaultIfEmpty(0).Max();
        if (measured.Any(c => c.Finished == 0) || windowEnd == 0)
            windowEnd = Stopwatch.GetTimestamp();
        var cpu1 = cpu.Seconds();
        var requests1 = driver.Requests;
        var accepted1 = Enumerable.Range(0, count).Select(driver.AcceptedBy).ToArray();
        var (commits1, steps1) = await probe.CountersAsync().ConfigureAwait(false);
        var each1 = await instances.RuntimeAsync().ConfigureAwait(false);
        var runtime1 = RuntimeFigures.Sum(each1);
        var window = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;

        // The checks: polls where the topic showed no end, a sample polled as a cross-check, the database, the payment topic.
        var all = warmup.Concat(measured).ToList();
        var unseen = all.Where(c => c.Finished == 0).ToList();
        foreach (var checkout in unseen.Where(c => c.Outcome is null))
            checkout.Polled(await driver.PollStateAsync(checkout).ConfigureAwait(false) ?? "unknown");
        var sample = measured.Where(c => c.Finished != 0).Take(200).ToList();
        var sampleMismatches = 0;
        foreach (var checkout in sample)
        {
            if (await driver.PollStateAsync(checkout).ConfigureAwait(false) != "Paid" || checkout.Outcome != "order.paid")
                sampleMismatches++;
        }

        var drained = await DrainOutboxAsync(probe).ConfigureAwait(false);
        var checks = await probe.CheckAsync(prefix).ConfigureAwait(false);
        var audit = PaymentRequestAudit.Read(options.Kafka, prefix);
        var stages = await probe.StagesAsync(prefix + "[0-9]+").ConfigureAwait(false);

        var latencies = new Latencies(measured.Select(c => c.LatencyMs));
        var accepts = new Latencies(measured.Where(c => c.Accepted != 0).Select(c => Stopwatch.GetElapsedTime(c.Started, c.Accepted).TotalMilliseconds));
        var completed = measured.Count(c => c.Finished != 0);
        var sagaTxPerSecond = (steps1 - steps0) / window;
        var expected = all.Count;
        // A checkout the service kept refusing (503) until its time was up was never accepted: not lost, counted apart.
        var notAccepted = all.Count(c => c.Outcome == "not-accepted");
        var lost = checks.Checkouts - checks.Final + Math.Max(0, expected - notAccepted - checks.Checkouts);
        // Correct: every accepted checkout recorded once and final, no order and no payment request twice, nothing left undelivered.
        // Whether each ended Paid (what its products call for) is reported apart: an overloaded run may time some out.
        // A checkout with an order id has exactly one orders row and was sent to Payment exactly once.
        var correct = lost == 0 && checks.Checkouts <= expected
            && checks.Orders == checks.WithOrder && checks.OrderedTwice == 0
            && checks.PaymentRequests == checks.WithOrder && checks.PaymentRequestedTwice == 0
            && audit.ReadToEnd && audit.Checkouts == checks.WithOrder && audit.RequestedTwice == 0
            && watcher.ConflictingEvents == 0 && sampleMismatches == 0 && drained;
        var allPaid = checks.Paid == expected;

        var json = new JsonObject
        {
            ["benchmark"] = "ordersaga",
            ["label"] = options.Label,
            ["run_id"] = runId,
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["nproc"] = Environment.ProcessorCount,
                ["load_avg_start"] = loadAtStart,
                ["load_avg_end"] = LoadAverage(),
            },
            ["config"] = new JsonObject
            {
                ["model"] = options.Model,
                ["instances"] = count,
                ["concurrency"] = options.Rate is null ? options.Concurrency : null,
                ["rate_per_sec"] = options.Rate,
                ["checkouts"] = options.Checkouts,
                ["warmup"] = options.Warmup,
                ["warmup_run"] = warmup.Count,
                ["partitions"] = options.Partitions,
                ["timeout_s"] = options.Timeout.TotalSeconds,
            },
            ["durability"] = new JsonObject
            {
                ["synchronous_commit"] = synchronousCommit,
                ["producer"] = "acks=all, enable.idempotence=true",
                ["offsets"] = "stored after the saga step commits",
                ["outbox"] = "in the saga step's transaction",
            },
            ["completed_per_sec"] = Round(completed / window),
            ["window_s"] = Round(window),
            ["latency_ms"] = new JsonObject
            {
                ["p50"] = Round(latencies.Percentile(50)),
                ["p95"] = Round(latencies.Percentile(95)),
                ["p99"] = Round(latencies.Percentile(99)),
                ["max"] = Round(latencies.Max),
                ["mean"] = Round(latencies.Mean),
            },
            ["accept_latency_ms"] = new JsonObject
            {
                ["p50"] = Round(accepts.Percentile(50)),
                ["p99"] = Round(accepts.Percentile(99)),
                ["max"] = Round(accepts.Max),
            },
            ["stages_ms"] = new JsonObject(stages.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Round(s.Value)))),
            ["saga_tx_per_sec"] = Round(sagaTxPerSecond),
            ["db_commits_per_sec"] = Round((commits1 - commits0) / window),
            ["db_commits_per_checkout"] = PerCheckout(commits1 - commits0, completed),
            ["db_round_trips_per_checkout"] = PerCheckout(runtime1.DatabaseCommands - runtime0.DatabaseCommands + runtime1.DatabaseCommits - runtime0.DatabaseCommits, completed),
            ["saga_batch_avg"] = runtime1.SagaBatches == runtime0.SagaBatches ? null
                : Math.Round((double)(runtime1.SagaBatchMessages - runtime0.SagaBatchMessages) / (runtime1.SagaBatches - runtime0.SagaBatches), 2),
            ["http_requests_per_sec"] = Round((requests1 - requests0) / window),
            ["pgbench_tps"] = pgbenchTps is { } tps ? Round(tps) : null,
            ["saga_tx_to_pgbench"] = pgbenchTps is { } reference ? Math.Round(sagaTxPerSecond / reference, 3) : null,
            ["service"] = new JsonObject
            {
                ["peak_rss_mb"] = Round(instances.Monitors.Max(m => m.PeakRssKb) / 1024.0),
                ["peak_sampled_rss_mb"] = Round(instances.Monitors.Max(m => m.PeakSampledRssKb) / 1024.0),
                ["cpu_cores_used"] = Round(ServiceSeconds(cpu0, cpu1) / window),
                ["cpu_ms_per_checkout"] = completed == 0 ? null : Math.Round(ServiceSeconds(cpu0, cpu1) * 1000 / completed, 2),
                ["gc_gen0"] = runtime1.Gen0 - runtime0.Gen0,
                ["gc_gen1"] = runtime1.Gen1 - runtime0.Gen1,
                ["gc_gen2"] = runtime1.Gen2 - runtime0.Gen2,
                ["gc_pause_ms"] = Round(runtime1.GcPauseMs - runtime0.GcPauseMs),
                ["server_gc"] = runtime1.ServerGc,
                ["threads"] = runtime1.Threads,
                ["jit_methods_in_window"] = runtime1.JitMethods - runtime0.JitMethods,
                ["jit_ms_in_window"] = Round(runtime1.JitMs - runtime0.JitMs),
                ["db_commands_per_checkout"] = PerCheckout(runtime1.DatabaseCommands - runtime0.DatabaseCommands, completed),
                ["db_commits_per_checkout"] = PerCheckout(runtime1.DatabaseCommits - runtime0.DatabaseCommits, completed),
            },
            ["cpu"] = CpuFigures(cpu0, cpu1, window, completed),
            ["instances"] = InstanceFigures(options, instances, accepted1.Zip(accepted0, (a, b) => a - b).ToArray(), each0, each1, cpu0, cpu1, window),
            ["correctness"] = new JsonObject
            {
                ["ok"] = correct,
                ["all_paid"] = allPaid,
                ["checkouts"] = expected,
                ["ended_on_topic"] = expected - unseen.Count,
                ["not_accepted"] = notAccepted,
                ["final_in_db"] = checks.Final,
                ["paid_in_db"] = checks.Paid,
                ["lost"] = lost,
                ["with_order_id"] = checks.WithOrder,
                ["orders"] = checks.Orders,
                ["orders_twice"] = checks.OrderedTwice,
                ["payment_requests_in_outbox"] = checks.PaymentRequests,
                ["payment_requested_twice_in_outbox"] = checks.PaymentRequestedTwice,
                ["payment_requests_on_topic"] = audit.Checkouts,
                ["payment_requested_twice_on_topic"] = audit.RequestedTwice,
                ["payment_request_copies_on_topic"] = audit.Records - audit.Checkouts,
                ["conflicting_order_events"] = watcher.ConflictingEvents,
                ["redelivered_order_events"] = watcher.RedeliveredEvents,
                ["polled_sample"] = sample.Count,
                ["polled_sample_mismatches"] = sampleMismatches,
                ["outbox_drained"] = drained,
                ["failed_post_attempts"] = driver.FailedPosts,
            },
        };

        await output.WriteLineAsync(Summary(json, unseen)).ConfigureAwait(false);
        await output.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false })).ConfigureAwait(false);
        return correct ? 0 : 1;
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

    /// <summary>CPU seconds of every service instance together.</summary>
    private static double ServiceSeconds(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Keys.Where(k => k == "service" || k.StartsWith("service-", StringComparison.Ordinal)).Sum(k => after[k] - before[k]);

    private static double? PerCheckout(long count, int completed) => completed == 0 ? null : Math.Round((double)count / completed, 2);

    private static Task DriveAsync(CheckoutDriver driver, IReadOnlyList<TrackedCheckout> checkouts, BenchmarkOptions options) =>
        options.Rate is { } rate ? driver.RunOpenAsync(checkouts, rate) : driver.RunClosedAsync(checkouts, options.Concurrency);

    /// <summary>Waits for the relay to deliver what the run left in the outbox, so the topic audit sees everything.</summary>
    private static async Task<bool> DrainOutboxAsync(DatabaseProbe probe)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if ((await probe.CheckAsync("\u0001").ConfigureAwait(false)).UndeliveredOutbox == 0)
                return true;
            await Task.Delay(200).ConfigureAwait(false);
        }
        return false;
    }

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

    /// <summary>
    /// Cores each watched process kept busy over the window, and its CPU milliseconds per completed checkout; with several
    /// instances "service" is their sum (each instance is in <see cref="InstanceFigures"/>).
    /// </summary>
    private static JsonObject CpuFigures(Dictionary<string, double> before, Dictionary<string, double> after, double window, int completed)
    {
        var used = before.Keys.ToDictionary(name => name, name => after[name] - before[name]);
        var instances = used.Keys.Where(k => k.StartsWith("service-", StringComparison.Ordinal)).ToList();
        if (instances.Count > 0)
        {
            used["service"] = instances.Sum(k => used[k]);
            foreach (var instance in instances)
                used.Remove(instance);
        }
        used["total"] = used.Values.Sum();
        return new JsonObject
        {
            ["cores_busy"] = new JsonObject(used.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)Math.Round(u.Value / window, 2)))),
            ["ms_per_checkout"] = new JsonObject(used.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)(completed == 0 ? null : Math.Round(u.Value * 1000 / completed, 2))))),
        };
    }

    /// <summary>Each instance's share in the window: checkouts it accepted, its CPU, memory, database round trips and saga batches.</summary>
    private static JsonArray InstanceFigures(
        BenchmarkOptions options, ServiceInstances instances, long[] acceptedInWindow, IReadOnlyList<RuntimeFigures> before, IReadOnlyList<RuntimeFigures> after,
        Dictionary<string, double> cpu0, Dictionary<string, double> cpu1, double window)
    {
        var figures = new JsonArray();
        for (var i = 0; i < options.Apis.Count; i++)
        {
            var name = options.Apis.Count == 1 ? "service" : $"service-{i + 1}";
            var cpu = cpu1[name] - cpu0[name];
            var accepted = acceptedInWindow[i];
            var (b, a) = (before[i], after[i]);
            figures.Add(new JsonObject
            {
                ["api"] = options.Apis[i].ToString(),
                ["pid"] = options.ServicePids[i],
                ["accepted"] = accepted,
                ["cpu_cores_used"] = Round(cpu / window),
                ["cpu_ms_per_accepted_checkout"] = accepted == 0 ? null : Math.Round(cpu * 1000 / accepted, 2),
                ["peak_rss_mb"] = Round(instances.Monitors[i].PeakRssKb / 1024.0),
                ["gc_gen0"] = a.Gen0 - b.Gen0,
                ["db_commands"] = a.DatabaseCommands - b.DatabaseCommands,
                ["db_commits"] = a.DatabaseCommits - b.DatabaseCommits,
                ["saga_batches"] = a.SagaBatches - b.SagaBatches,
                ["saga_batch_avg"] = a.SagaBatches == b.SagaBatches ? null : Math.Round((double)(a.SagaBatchMessages - b.SagaBatchMessages) / (a.SagaBatches - b.SagaBatches), 2),
            });
        }
        return figures;
    }

    private static string Describe(BenchmarkOptions options) =>
        options.Rate is { } rate ? $"{rate.ToString(CultureInfo.InvariantCulture)} checkouts/s arriving" : $"{options.Concurrency} in flight";

    private static string Summary(JsonObject json, List<TrackedCheckout> unseen)
    {
        var latency = json["latency_ms"]!;
        var service = json["service"]!;
        var correctness = json["correctness"]!;
        var lines = new List<string>
        {
            $"completed checkouts/s: {json["completed_per_sec"]} over {json["window_s"]} s",
            $"POST to final (ms): p50 {latency["p50"]}  p95 {latency["p95"]}  p99 {latency["p99"]}  max {latency["max"]}",
            $"saga transactions/s: {json["saga_tx_per_sec"]}  (database commits/s {json["db_commits_per_sec"]}, pgbench {json["pgbench_tps"]}, ratio {json["saga_tx_to_pgbench"]})",
            $"per checkout: {json["db_commits_per_checkout"]} database commits, {json["db_round_trips_per_checkout"]} round trips from the service; saga batch average {json["saga_batch_avg"]} messages",
            $"HTTP requests/s: {json["http_requests_per_sec"]}; POST to 202 p50 {json["accept_latency_ms"]!["p50"]} ms; stages (ms): {json["stages_ms"]!.ToJsonString()}",
            $"service: peak RSS {service["peak_rss_mb"]} MiB, CPU {service["cpu_cores_used"]} cores, GC gen0/1/2 {service["gc_gen0"]}/{service["gc_gen1"]}/{service["gc_gen2"]}",
            $"instances: {string.Join("; ", json["instances"]!.AsArray().Select(i => $"{i!["api"]} accepted {i["accepted"]}, {i["cpu_cores_used"]} cores, {i["cpu_ms_per_accepted_checkout"]} ms per accepted checkout, batch avg {i["saga_batch_avg"]}"))}",
            $"CPU ms per checkout: {Parts(json["cpu"]!["ms_per_checkout"]!)}; cores busy: {Parts(json["cpu"]!["cores_busy"]!)}",
            $"correctness: {(correctness["ok"]!.GetValue<bool>() ? "ok" : "FAILED")}: {correctness["final_in_db"]} of {correctness["checkouts"]} final, {correctness["orders_twice"]} ordered twice, {correctness["payment_requested_twice_on_topic"]} charged twice",
        };
        lines.AddRange(unseen.Take(10).Select(c => $"  not seen ending: {c.RequestId} ({c.Outcome})"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Parts(JsonNode figures) =>
        string.Join(", ", figures.AsObject().Select(f => $"{f.Key} {f.Value}"));

    private static JsonArray LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return [.. fields.Take(3).Select(f => (JsonNode)double.Parse(f, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 1) : -1;
}
