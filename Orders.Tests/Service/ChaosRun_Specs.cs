using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

/// <summary>
/// The chaos run's short form: ./chaos.sh for two minutes at a low rate, with every kind of fault once or more
/// (kill -9 of an instance, PostgreSQL crash-stopped, the broker unreachable twice, poison on every input topic).
/// Its offline check must hold: nothing lost, nothing twice, order events in order, outbox drained, dead letters
/// exactly the poison.
/// </summary>
[TestFixture]
public class When_the_chaos_run_runs_in_its_short_form
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(12);

    [Test]
    public async Task Should_lose_nothing_do_nothing_twice_and_keep_every_invariant()
    {
        var logs = Directory.CreateTempSubdirectory("orders-chaos-");
        try
        {
            var (exitCode, output) = await RunAsync(logs.FullName,
                "--duration", "120", "--rate", "25", "--kill-every", "30", "--outage", "10", "--poison-every", "30", "--no-build");
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            Assert.That(last, Does.StartWith("{"), $"the run ended without its JSON line (exit code {exitCode}):\n{output}");
            var figures = JsonNode.Parse(last)!;

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, output);
                Assert.That(figures["ok"]!.GetValue<bool>(), Is.True, output);
                Assert.That(figures["accepted"]!.GetValue<int>(), Is.GreaterThan(2000), "checkouts accepted");
                Assert.That(figures["lost"]!.GetValue<int>(), Is.Zero, "lost");
                Assert.That(figures["twice"]!.GetValue<long>(), Is.Zero, "twice");
                Assert.That(figures["out_of_order"]!.GetValue<int>(), Is.Zero, "order events out of order");
                Assert.That(figures["outbox_undelivered"]!.GetValue<long>(), Is.Zero, "outbox rows not delivered");
                Assert.That(figures["dead_letters"]!["missing"]!.GetValue<int>(), Is.Zero, "poison without a dead letter");
                Assert.That(figures["dead_letters"]!["unexpected"]!.GetValue<int>(), Is.Zero, "dead letters that are not poison");
                Assert.That(figures["dead_letters"]!["injected"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(9), "poison injected");
                Assert.That(figures["faults"]!["kill9"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(3), "instances killed");
                Assert.That(figures["faults"]!["postgres_stop"]!.GetValue<int>(), Is.EqualTo(1), "PostgreSQL outages");
                Assert.That(figures["faults"]!["broker_down"]!.GetValue<int>(), Is.EqualTo(2), "broker outages");
            });
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string logs, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("chaos.sh");
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ORDERS_BENCH_LOGS"] = logs;
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RunTimeout);
        }
        catch (TimeoutException)
        {
            // bash's trap stops what the run started.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Fail($"chaos.sh did not end within {RunTimeout}:\n{string.Join('\n', errors)}");
        }
        process.WaitForExit();
        await TestContext.Out.WriteLineAsync(string.Join('\n', errors.TakeLast(40)));
        return (process.ExitCode, string.Join('\n', output));
    }
}
