using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Orders.Benchmark;

/// <summary>What a run found, as the JSON line with every figure and as the summary printed before it.</summary>
public sealed class BenchmarkReport(
    BenchmarkOptions options, string runId, JsonArray loadAtStart, string synchronousCommit, int warmupRun, double? pgbenchTps,
    IReadOnlyList<TrackedCheckout> measured, MeasuredWindow window, CorrectnessChecks checks,
    ServiceInstances instances, CompletionWatcher watcher, CheckoutDriver driver)
{
    public JsonObject ToJson()
    {
        var latencies = new Latencies(measured.Select(c => c.LatencyMs));
        var accepts = new Latencies(measured.Where(c => c.Accepted != 0).Select(c => Stopwatch.GetElapsedTime(c.Started, c.Accepted).TotalMilliseconds));
        var completed = measured.Count(c => c.Finished != 0);
        var sagaTxPerSecond = window.SagaSteps / window.Seconds;
        var (runtime0, runtime1) = (window.TotalBefore, window.TotalAfter);
        return new JsonObject
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
            ["config"] = Config(),
            ["durability"] = new JsonObject
            {
                ["synchronous_commit"] = synchronousCommit,
                ["producer"] = "acks=all, enable.idempotence=true",
                ["offsets"] = "stored after the saga step commits",
                ["outbox"] = "in the saga step's transaction",
            },
            ["completed_per_sec"] = Round(completed / window.Seconds),
            ["window_s"] = Round(window.Seconds),
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
            ["stages_ms"] = new JsonObject(checks.Stages.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Round(s.Value)))),
            ["saga_tx_per_sec"] = Round(sagaTxPerSecond),
            ["db_commits_per_sec"] = Round(window.Commits / window.Seconds),
            ["db_commits_per_checkout"] = PerCheckout(window.Commits, completed),
            ["db_round_trips_per_checkout"] = PerCheckout(runtime1.DatabaseCommands - runtime0.DatabaseCommands + runtime1.DatabaseCommits - runtime0.DatabaseCommits, completed),
            ["saga_batch_avg"] = runtime1.SagaBatches == runtime0.SagaBatches ? null
                : Math.Round((double)(runtime1.SagaBatchMessages - runtime0.SagaBatchMessages) / (runtime1.SagaBatches - runtime0.SagaBatches), 2),
            ["http_requests_per_sec"] = Round(window.Requests / window.Seconds),
            ["pgbench_tps"] = pgbenchTps is { } tps ? Round(tps) : null,
            ["saga_tx_to_pgbench"] = pgbenchTps is { } reference ? Math.Round(sagaTxPerSecond / reference, 3) : null,
            ["service"] = ServiceFigures(completed),
            ["cpu"] = CpuFigures(completed),
            ["instances"] = InstanceFigures(),
            ["correctness"] = Correctness(),
        };
    }

    public static string Summary(JsonObject json, IReadOnlyList<TrackedCheckout> unseen)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(unseen);
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

    /// <summary>The machine's load averages over 1, 5 and 15 minutes (empty where /proc/loadavg cannot be read).</summary>
    public static JsonArray LoadAverage()
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

    private JsonObject Config() => new()
    {
        ["model"] = options.Model,
        ["instances"] = options.Apis.Count,
        ["concurrency"] = options.Rate is null ? options.Concurrency : null,
        ["rate_per_sec"] = options.Rate,
        ["checkouts"] = options.Checkouts,
        ["warmup"] = options.Warmup,
        ["warmup_run"] = warmupRun,
        ["partitions"] = options.Partitions,
        ["timeout_s"] = options.Timeout.TotalSeconds,
    };

    /// <summary>The service instances together over the window: memory, CPU, garbage collection, JIT, database round trips.</summary>
    private JsonObject ServiceFigures(int completed)
    {
        var (runtime0, runtime1) = (window.TotalBefore, window.TotalAfter);
        var cpuSeconds = ServiceSeconds(window.CpuBefore, window.CpuAfter);
        return new JsonObject
        {
            ["peak_rss_mb"] = Round(instances.Monitors.Max(m => m.PeakRssKb) / 1024.0),
            ["peak_sampled_rss_mb"] = Round(instances.Monitors.Max(m => m.PeakSampledRssKb) / 1024.0),
            ["cpu_cores_used"] = Round(cpuSeconds / window.Seconds),
            ["cpu_ms_per_checkout"] = completed == 0 ? null : Math.Round(cpuSeconds * 1000 / completed, 2),
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
        };
    }

    /// <summary>
    /// Cores each watched process kept busy over the window, and its CPU milliseconds per completed checkout; with several
    /// instances "service" is their sum (each instance is in <see cref="InstanceFigures"/>).
    /// </summary>
    private JsonObject CpuFigures(int completed)
    {
        var used = window.CpuBefore.Keys.ToDictionary(name => name, name => window.CpuAfter[name] - window.CpuBefore[name]);
        var serviceInstances = used.Keys.Where(k => k.StartsWith("service-", StringComparison.Ordinal)).ToList();
        if (serviceInstances.Count > 0)
        {
            used["service"] = serviceInstances.Sum(k => used[k]);
            foreach (var instance in serviceInstances)
                used.Remove(instance);
        }
        used["total"] = used.Values.Sum();
        return new JsonObject
        {
            ["cores_busy"] = new JsonObject(used.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)Math.Round(u.Value / window.Seconds, 2)))),
            ["ms_per_checkout"] = new JsonObject(used.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)(completed == 0 ? null : Math.Round(u.Value * 1000 / completed, 2))))),
        };
    }

    /// <summary>Each instance's share in the window: checkouts it accepted, its CPU, memory, database round trips and saga batches.</summary>
    private JsonArray InstanceFigures()
    {
        var figures = new JsonArray();
        for (var i = 0; i < options.Apis.Count; i++)
        {
            var name = options.Apis.Count == 1 ? "service" : $"service-{i + 1}";
            var cpu = window.CpuAfter[name] - window.CpuBefore[name];
            var accepted = window.Accepted[i];
            var (b, a) = (window.RuntimeBefore[i], window.RuntimeAfter[i]);
            figures.Add(new JsonObject
            {
                ["api"] = options.Apis[i].ToString(),
                ["pid"] = options.ServicePids[i],
                ["accepted"] = accepted,
                ["cpu_cores_used"] = Round(cpu / window.Seconds),
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

    private JsonObject Correctness()
    {
        var (database, audit) = (checks.Database, checks.Audit);
        return new JsonObject
        {
            ["ok"] = checks.Correct,
            ["all_paid"] = checks.AllPaid,
            ["checkouts"] = checks.Expected,
            ["ended_on_topic"] = checks.Expected - checks.Unseen.Count,
            ["not_accepted"] = checks.NotAccepted,
            ["final_in_db"] = database.Final,
            ["paid_in_db"] = database.Paid,
            ["lost"] = checks.Lost,
            ["with_order_id"] = database.WithOrder,
            ["orders"] = database.Orders,
            ["orders_twice"] = database.OrderedTwice,
            ["payment_requests_in_outbox"] = database.PaymentRequests,
            ["payment_requested_twice_in_outbox"] = database.PaymentRequestedTwice,
            ["payment_requests_on_topic"] = audit.Checkouts,
            ["payment_requested_twice_on_topic"] = audit.RequestedTwice,
            ["payment_request_copies_on_topic"] = audit.Records - audit.Checkouts,
            ["conflicting_order_events"] = watcher.ConflictingEvents,
            ["redelivered_order_events"] = watcher.RedeliveredEvents,
            ["polled_sample"] = checks.Sample,
            ["polled_sample_mismatches"] = checks.SampleMismatches,
            ["outbox_drained"] = checks.Drained,
            ["failed_post_attempts"] = driver.FailedPosts,
        };
    }

    /// <summary>CPU seconds of every service instance together.</summary>
    private static double ServiceSeconds(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Keys.Where(k => k == "service" || k.StartsWith("service-", StringComparison.Ordinal)).Sum(k => after[k] - before[k]);

    private static double? PerCheckout(long count, int completed) => completed == 0 ? null : Math.Round((double)count / completed, 2);

    private static string Parts(JsonNode figures) =>
        string.Join(", ", figures.AsObject().Select(f => $"{f.Key} {f.Value}"));

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 1) : -1;
}
