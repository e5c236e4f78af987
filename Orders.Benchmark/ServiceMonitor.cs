using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orders.Benchmark;

/// <summary>
/// Watches the service process from outside: resident memory (VmRSS, sampled; VmHWM, the kernel's peak) from /proc,
/// and its garbage collections, JIT, database round trips and saga batches from GET /diagnostics/runtime. Its CPU time is read by <see cref="ProcessCpu"/>.
/// </summary>
public sealed class ServiceMonitor : IDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    private readonly int _pid;
    private readonly HttpClient _http;
    private readonly Timer _sampler;
    private long _peakRssKb;

    public ServiceMonitor(int pid, HttpClient http)
    {
        _pid = pid;
        _http = http;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, SampleEvery);
    }

    /// <summary>The largest VmRSS sampled, in KiB.</summary>
    public long PeakSampledRssKb => Interlocked.Read(ref _peakRssKb);

    /// <summary>The kernel's peak resident set of the process over its whole life (VmHWM), in KiB.</summary>
    public long PeakRssKb => StatusKb("VmHWM");

    public async Task<RuntimeFigures> RuntimeAsync()
    {
        using var response = await _http.GetAsync(new Uri("/diagnostics/runtime", UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        return new RuntimeFigures(
            json.GetProperty("gen0Collections").GetInt32(),
            json.GetProperty("gen1Collections").GetInt32(),
            json.GetProperty("gen2Collections").GetInt32(),
            json.GetProperty("gcPauseTotalMs").GetDouble(),
            json.GetProperty("serverGc").GetBoolean(),
            json.GetProperty("threads").GetInt32(),
            json.GetProperty("jitCompiledMethods").GetInt64(),
            json.GetProperty("jitTimeMs").GetDouble(),
            json.GetProperty("databaseCommands").GetInt64(),
            json.GetProperty("databaseCommits").GetInt64(),
            json.GetProperty("sagaBatches").GetInt64(),
            json.GetProperty("sagaBatchMessages").GetInt64());
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        try
        {
            var rss = StatusKb("VmRSS");
            long peak;
            while (rss > (peak = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, rss, peak) != peak)
            {
            }
        }
        catch (IOException)
        {
            // The process is gone; the run reports what it saw.
        }
    }

    private long StatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}

/// <summary>What GET /diagnostics/runtime reported at one moment.</summary>
public sealed record RuntimeFigures(
    int Gen0, int Gen1, int Gen2, double GcPauseMs, bool ServerGc, int Threads,
    long JitMethods, double JitMs, long DatabaseCommands, long DatabaseCommits, long SagaBatches, long SagaBatchMessages)
{
    /// <summary>Several instances' figures added up (threads too; ServerGc when all run it).</summary>
    public static RuntimeFigures Sum(IReadOnlyList<RuntimeFigures> each)
    {
        ArgumentNullException.ThrowIfNull(each);
        return new RuntimeFigures(
            each.Sum(f => f.Gen0), each.Sum(f => f.Gen1), each.Sum(f => f.Gen2), each.Sum(f => f.GcPauseMs), each.All(f => f.ServerGc), each.Sum(f => f.Threads),
            each.Sum(f => f.JitMethods), each.Sum(f => f.JitMs), each.Sum(f => f.DatabaseCommands), each.Sum(f => f.DatabaseCommits),
            each.Sum(f => f.SagaBatches), each.Sum(f => f.SagaBatchMessages));
    }
}
