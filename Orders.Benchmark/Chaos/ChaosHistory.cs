using System.Text.Json;

namespace Orders.Benchmark.Chaos;

/// <summary>
/// The chaos run's history: one JSON object a line for every request it sent and answer it got, every record it
/// injected and every record it saw on the topics it watches, each with the wall-clock time in Unix milliseconds
/// (<c>t</c>) so the offline check can place it against the fault log.
/// </summary>
public sealed class ChaosHistory : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public ChaosHistory(string path)
    {
        _writer = new StreamWriter(path, append: false) { AutoFlush = false };
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Write(Dictionary<string, object?> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry["t"] = Now();
        var line = JsonSerializer.Serialize(entry);
        lock (_lock)
            _writer.WriteLine(line);
    }

    public void Flush()
    {
        lock (_lock)
            _writer.Flush();
    }

    public void Dispose()
    {
        lock (_lock)
            _writer.Dispose();
    }

    /// <summary>Every entry of a history file, in the order written.</summary>
    public static IEnumerable<JsonElement> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
                continue;
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.Clone();
        }
    }
}
