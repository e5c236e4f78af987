using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using Orders.Tests.Operations;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

[TestFixture]
public class When_run_sh_runs_the_whole_system
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ForeignPrefixes = ["ConnectionStrings__", "Database__", "Checkout__", "Kafka__", "Operations__", "Logging__"];

    [Test]
    public async Task Should_serve_a_checkout_to_paid_stop_cleanly_on_sigterm_and_keep_the_data_for_the_next_start()
    {
        var root = RepositoryFiles.Root;
        var work = Directory.CreateTempSubdirectory("orders-run-");
        // As root, PostgreSQL runs as the postgres user, which must be able to reach its data directory.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(work.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var mark = Guid.NewGuid().ToString("N");
        var port = ApiProcess.FreeLoopbackPort();
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORDERS_PG_PORT"] = ApiProcess.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORDERS_PG_DATA"] = Path.Combine(work.FullName, "postgres"),
            ["ORDERS_RUN_MARK"] = mark,
        };
        try
        {
            var requestId = ApiIds.NewRequestId();
            var userId = ApiIds.NextUserId();
            var (first, firstOutput) = await RunAsync(root, environment, async caller =>
            {
                var paid = await caller.CheckoutToEndAsync(requestId, (7, 2));
                Assert.That(paid.GetProperty("state").GetString(), Is.EqualTo("Paid"));
            }, port, userId);

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.Zero, firstOutput);
                Assert.That(firstOutput, Does.Contain($"http://127.0.0.1:{port}/health/ready").And.Contain($"http://127.0.0.1:{port}/metrics").And.Contain("/admin/"));
                Assert.That(firstOutput, Does.Match(@"Kafka:\s+127\.0\.0\.1:\d+").And.Contain("kcat -b 127.0.0.1:"));
                Assert.That(firstOutput, Does.Contain("Password=*****").And.Contain(".data/postgres-password"));
                Assert.That(Leftovers(mark), Is.Empty, "processes of the run still alive after it ended");
                Assert.That(File.Exists(Path.Combine(environment["ORDERS_PG_DATA"], "postmaster.pid")), Is.False, "PostgreSQL still running");
            });

            var (second, secondOutput) = await RunAsync(root, environment, async caller =>
            {
                var again = await caller.GetCheckoutAsync(requestId);
                Assert.That(again.Status, Is.EqualTo(HttpStatusCode.OK), again.ToString);
                Assert.That(again["state"], Is.EqualTo("Paid"));
            }, port, userId);

            Assert.Multiple(() =>
            {
                Assert.That(second, Is.Zero, secondOutput);
                Assert.That(secondOutput, Does.Not.Contain("Creating a private PostgreSQL cluster"));
                Assert.That(Leftovers(mark), Is.Empty);
            });
        }
        finally
        {
            foreach (var pid in Leftovers(mark))
                KillQuietly(pid);
            await StopPostgresAsync(root, environment);
            work.Delete(recursive: true);
        }
    }

    /// <summary>Starts ./run.sh, waits until ready, does the work, sends SIGTERM, and returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string root, Dictionary<string, string> environment, Func<ApiCaller, Task> work, int port, long userId)
    {
        var output = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("run.sh");
        if (IsReleaseBuild())
            start.ArgumentList.Add("--no-build");
        foreach (var key in start.Environment.Keys.Where(IsForeignSetting).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Output() => string.Join('\n', output);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var caller = new ApiCaller(http, userId, $"user{userId}@example.com");
            await WaitUntilReadyAsync(process, caller, Output);
            await work(caller);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"run.sh did not stop within {StopTimeout.TotalSeconds} s of SIGTERM:\n{Output()}");
            }
            return (process.ExitCode, Output());
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    private static async Task WaitUntilReadyAsync(Process process, ApiCaller caller, Func<string> output)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
                Assert.Fail($"run.sh exited with {process.ExitCode} before the service was ready:\n{output()}");
            try
            {
                if ((await caller.ReadyAsync()).Status == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        Assert.Fail($"The service of run.sh was not ready within {ReadyTimeout.TotalSeconds} s:\n{output()}");
    }

    /// <summary>Processes that carry the run's mark in their environment: everything run.sh started, and theirs.</summary>
    private static List<int> Leftovers(string mark)
    {
        var needle = $"ORDERS_RUN_MARK={mark}";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(needle))
                    found.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    private static async Task StopPostgresAsync(string root, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("scripts/postgres.sh");
        start.ArgumentList.Add("stop");
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var stop = Process.Start(start)!;
        await stop.WaitForExitAsync().WaitAsync(StopTimeout);
    }

    /// <summary>Settings of the test process's environment that would change what run.sh starts.</summary>
    private static bool IsForeignSetting(string key) =>
        key is "ASPNETCORE_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" or "DB_URL" or "KAFKA_BROKERS" or "ORDER_TOPIC" ||
        ForeignPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Tests built in Release have built the API and the broker in Release too: run.sh need not build again.</summary>
    private static bool IsReleaseBuild() =>
        typeof(When_run_sh_runs_the_whole_system).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration == "Release";
}
