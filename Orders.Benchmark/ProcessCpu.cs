using System.Globalization;

namespace Orders.Benchmark;

/// <summary>
/// CPU time from /proc of the processes a run involves, so a run shows where the machine's cores went:
/// the service, PostgreSQL (the postmaster with every backend, the exited ones included), the broker and
/// the benchmark itself.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<(string Name, int Pid)> processes)
{
    private const double TicksPerSecond = 100.0; // USER_HZ is 100 on Linux

    /// <summary>Seconds of CPU used so far by each process and its children, by name.</summary>
    public Dictionary<string, double> Seconds() =>
        processes.ToDictionary(p => p.Name, p => TreeSeconds(p.Pid));

    /// <summary>
    /// A process's user and system time, plus what its exited children used (the kernel adds it to the parent
    /// when it reaps them), plus its live children's. PostgreSQL backends come and go with connections.
    /// </summary>
    private static double TreeSeconds(int pid)
    {
        if (Stat(pid) is not { } self)
            return 0;
        var ticks = self.Own + self.Children;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && Stat(child) is { } stat && stat.Parent == pid)
                ticks += stat.Own + stat.Children;
        }
        return ticks / TicksPerSecond;
    }

    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // Fields after the command name (which may hold spaces): state is the 3rd field, ppid the 4th,
        // utime the 14th, stime the 15th, cutime the 16th, cstime the 17th.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
