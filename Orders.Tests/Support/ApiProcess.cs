using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Orders.Tests.Support;

/// <summary>
/// The API as a process of its own, exactly as it is deployed: <c>dotnet Orders.Api.dll</c> from the API
/// project's build output (the configuration of this test run), with settings in its environment. Its output
/// is kept for failure messages. Disposing kills it if it still runs, and every process still running when
/// the test process exits is killed then, so an aborted run leaves none behind.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Settings of the test process's own environment that must not leak into the service's.</summary>
    private static readonly string[] ForeignSettings = ["ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "PORT", "urls", "DB_URL", "KAFKA_BROKERS", "ORDER_TOPIC"];
    private static readonly string[] ForeignSettingPrefixes = ["ConnectionStrings__", "Database__", "Checkout__", "Kafka__", "Logging__"];

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly Lazy<string> Assembly = new(FindApiAssembly);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    static ApiProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
            KillQuietly(process);
    };

    private ApiProcess(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the service wrote so far, standard output and error interleaved.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The service's build output: Orders.Api.dll beside its dependencies and its runtimes/ directory.</summary>
    public static string AssemblyPath => Assembly.Value;

    /// <summary>Runs the service with the arguments (a command such as <c>migrate</c>) until it exits.</summary>
    public static Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunAsync(Assembly.Value, environment, arguments);

    /// <summary>Runs the Orders.Api.dll at <paramref name="assembly"/> (a copy of the build output) until it exits.</summary>
    public static async Task<CommandResult> RunAsync(string assembly, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        using var process = Launch(assembly, environment, arguments, stdout, stderr);
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"dotnet Orders.Api.dll {string.Join(' ', arguments)} did not exit within {CommandTimeout.TotalSeconds} s:\n{string.Join('\n', stdout.Concat(stderr))}");
        }
        finally
        {
            KillQuietly(process);
            Running.TryRemove(process.Id, out _);
        }
        // WaitForExitAsync returns once the output streams are read to their end.
        return new CommandResult(process.ExitCode, [.. stdout], [.. stderr]);
    }

    /// <summary>Starts the service on a free loopback port and returns once it answers HTTP requests.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        var settings = new Dictionary<string, string?>(environment) { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var service = new ApiProcess(Launch(Assembly.Value, settings, [], output, output), output, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await service.WaitUntilAnsweringAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>A caller of this process with the identity headers of the user.</summary>
    public ApiCaller As(long userId) =>
        new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, userId, $"user{userId}@example.com");

    /// <summary>Kills the process at once with SIGKILL, as <c>kill -9</c> does: nothing of it runs on.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            Assert.Fail($"Process {_process.Id} did not die after SIGKILL");
    }

    public ValueTask DisposeAsync()
    {
        KillQuietly(_process);
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                Assert.Fail($"The service exited with code {_process.ExitCode} while starting:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, but too busy starting (or the machine too loaded) to answer within the request timeout.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The service did not answer on {BaseAddress} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private static Process Launch(string assembly, IReadOnlyDictionary<string, string?> environment, string[] arguments, ConcurrentQueue<string> stdout, ConcurrentQueue<string> stderr)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (ForeignSettings.Contains(key, StringComparer.OrdinalIgnoreCase) || ForeignSettingPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                start.Environment.Remove(key);
        }
        // As the service is shipped (run.sh, bench.sh, the Dockerfile): socket completions run inline.
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started, or it is gone already.
        }
    }

    /// <summary>Orders.Api/bin/&lt;configuration&gt;/&lt;framework&gt;/Orders.Api.dll beside this test project, built with it.</summary>
    private static string FindApiAssembly()
    {
        var configuration = typeof(ApiProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "OrderSaga.sln")))
                continue;
            var path = Path.Combine(directory.FullName, "Orders.Api", "bin", configuration, framework, "Orders.Api.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build Orders.Api in {configuration}");
        }
        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>How a command ended: its exit code and its output, line by line.</summary>
    public sealed record CommandResult(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
    {
        public override string ToString() =>
            $"exit code {ExitCode}\nstdout:\n{string.Join('\n', StandardOutput)}\nstderr:\n{string.Join('\n', StandardError)}";
    }
}
