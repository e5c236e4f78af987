using System.Diagnostics;

namespace Orders.Benchmark;

/// <summary>
/// The measured part of a run: the counters of the database, the service instances, the processes' CPU and the driver,
/// read just before the measured checkouts start and again once they are done, and the window between (from the first
/// POST to the last checkout seen ending, or to now when some were not seen ending).
/// </summary>
/// <param name="Seconds">The window's length.</param>
/// <param name="Commits">Transactions the database committed in the window.</param>
/// <param name="SagaSteps">Saga steps committed in the window.</param>
/// <param name="Requests">HTTP requests the driver sent in the window.</param>
/// <param name="Accepted">Checkouts each instance accepted in the window, in the order of the options.</param>
/// <param name="RuntimeBefore">Each instance's runtime figures at the start of the window.</param>
/// <param name="RuntimeAfter">Each instance's runtime figures at the end of the window.</param>
/// <param name="CpuBefore">CPU seconds of each watched process at the start of the window.</param>
/// <param name="CpuAfter">CPU seconds of each watched process at the end of the window.</param>
public sealed record MeasuredWindow(
    double Seconds, long Commits, long SagaSteps, long Requests, IReadOnlyList<long> Accepted,
    IReadOnlyList<RuntimeFigures> RuntimeBefore, IReadOnlyList<RuntimeFigures> RuntimeAfter,
    Dictionary<string, double> CpuBefore, Dictionary<string, double> CpuAfter)
{
    /// <summary>The instances' runtime figures at the start of the window, added up.</summary>
    public RuntimeFigures TotalBefore => RuntimeFigures.Sum(RuntimeBefore);

    /// <summary>The instances' runtime figures at the end of the window, added up.</summary>
    public RuntimeFigures TotalAfter => RuntimeFigures.Sum(RuntimeAfter);

    /// <summary>Runs <paramref name="drive"/> over the measured checkouts, reading every counter before and after.</summary>
    public static async Task<MeasuredWindow> MeasureAsync(
        Func<Task> drive, IReadOnlyList<TrackedCheckout> measured, DatabaseProbe probe, ServiceInstances instances, CheckoutDriver driver,
        IReadOnlyList<(string Name, int Pid)> cpuWatched)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(driver);
        var count = instances.Clients.Count;
        var (commits0, steps0) = await probe.CountersAsync().ConfigureAwait(false);
        var each0 = await instances.RuntimeAsync().ConfigureAwait(false);
        var cpu = new ProcessCpu(cpuWatched);
        var cpu0 = cpu.Seconds();
        var requests0 = driver.Requests;
        var accepted0 = Enumerable.Range(0, count).Select(driver.AcceptedBy).ToArray();
        var windowStart = Stopwatch.GetTimestamp();

        await drive().ConfigureAwait(false);

        var windowEnd = measured.Select(c => c.Finished).DefaultIfEmpty(0).Max();
        if (measured.Any(c => c.Finished == 0) || windowEnd == 0)
            windowEnd = Stopwatch.GetTimestamp();
        var cpu1 = cpu.Seconds();
        var requests1 = driver.Requests;
        var accepted1 = Enumerable.Range(0, count).Select(driver.AcceptedBy).ToArray();
        var (commits1, steps1) = await probe.CountersAsync().ConfigureAwait(false);
        var each1 = await instances.RuntimeAsync().ConfigureAwait(false);
        return new MeasuredWindow(
            Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds, commits1 - commits0, steps1 - steps0, requests1 - requests0,
            accepted1.Zip(accepted0, (a, b) => a - b).ToArray(), each0, each1, cpu0, cpu1);
    }
}
