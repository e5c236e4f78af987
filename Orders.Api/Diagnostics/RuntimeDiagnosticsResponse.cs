using System.Diagnostics;
using System.Runtime;

namespace Orders.Api.Diagnostics;

/// <summary>The service process's runtime figures: garbage collections, memory and threads (for the benchmark and operators).</summary>
/// <param name="Gen0Collections">Garbage collections of generation 0 since the process started (each higher one counts here too).</param>
/// <param name="Gen1Collections">Garbage collections of generation 1 since the process started.</param>
/// <param name="Gen2Collections">Full (generation 2) garbage collections since the process started.</param>
/// <param name="GcPauseTotalMs">Time the garbage collector paused the process, in milliseconds, since it started.</param>
/// <param name="ServerGc">Whether the server garbage collector runs.</param>
/// <param name="HeapSizeBytes">Bytes on the managed heap now.</param>
/// <param name="WorkingSetBytes">The process's working set (resident memory) now.</param>
/// <param name="PeakWorkingSetBytes">The largest working set the process has had.</param>
/// <param name="Threads">Threads of the process now.</param>
/// <param name="ProcessorCount">Processors the runtime sees.</param>
public sealed record RuntimeDiagnosticsResponse(
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseTotalMs,
    bool ServerGc,
    long HeapSizeBytes,
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    int Threads,
    int ProcessorCount)
{
    public static RuntimeDiagnosticsResponse Now()
    {
        using var process = Process.GetCurrentProcess();
        return new RuntimeDiagnosticsResponse(
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            GCSettings.IsServerGC,
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            process.PeakWorkingSet64,
            process.Threads.Count,
            Environment.ProcessorCount);
    }
}
