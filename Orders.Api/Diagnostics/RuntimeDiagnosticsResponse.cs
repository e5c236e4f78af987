using System.Diagnostics;
using System.Runtime;
using Orders.Persistence.Diagnostics;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Diagnostics;

/// <summary>The service process's runtime figures: garbage collections, memory, threads, JIT, database round trips and saga batches (for the benchmark and operators).</summary>
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
/// <param name="JitCompiledMethods">Methods the JIT compiled since the process started (tiered recompilations included).</param>
/// <param name="JitTimeMs">Time spent compiling them, in milliseconds.</param>
/// <param name="DatabaseCommands">Commands sent to PostgreSQL since the process started (a batch of statements sent together is one).</param>
/// <param name="DatabaseCommits">Transactions committed since the process started (autocommitted single statements not included).</param>
/// <param name="SagaBatches">Batches of messages taken through the saga at once (Kafka records and new checkouts).</param>
/// <param name="SagaBatchMessages">Messages in those batches.</param>
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
    int ProcessorCount,
    long JitCompiledMethods,
    double JitTimeMs,
    long DatabaseCommands,
    long DatabaseCommits,
    long SagaBatches,
    long SagaBatchMessages)
{
    public static RuntimeDiagnosticsResponse Now(DatabaseRoundTrips database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var process = Process.GetCurrentProcess();
        var (batches, messages) = OrderMetrics.SagaBatchTotals();
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
            Environment.ProcessorCount,
            JitInfo.GetCompiledMethodCount(),
            JitInfo.GetCompilationTime().TotalMilliseconds,
            database.Commands,
            database.Commits,
            batches,
            messages);
    }
}
