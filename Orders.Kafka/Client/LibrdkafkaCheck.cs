using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Orders.Kafka.Client;

/// <summary>
/// Refuses a librdkafka other than the one the build ships. .NET falls back, without a word, to any "librdkafka.so"
/// on the library path when the shipped file does not load (Debian's librdkafka-dev is 2.0.2, and Confluent.Kafka
/// 2.x calls entry points it lacks, which fails only when a consumer first needs one), so the loaded version is
/// checked once at start, before any client is made.
/// </summary>
public static class LibrdkafkaCheck
{
    /// <summary>The librdkafka the build ships (librdkafka.redist's version, written into this assembly by Orders.Kafka.csproj).</summary>
    public static Version Shipped { get; } = Version.Parse(
        typeof(LibrdkafkaCheck).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LibrdkafkaVersion").Value!);

    /// <summary>Where the shipped file sits for this platform, relative to the application's directory.</summary>
    public static string ShippedFile { get; } = Path.Combine("runtimes", RuntimeInformation.RuntimeIdentifier, "native", "librdkafka.so");

    /// <summary>Writes one line saying what is wrong with the loaded librdkafka and returns false; true when it is the shipped major.minor.</summary>
    public static bool TryVerify(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (FindProblem() is not { } problem)
            return true;
        error.WriteLine(problem);
        return false;
    }

    /// <summary>The problem with the librdkafka this process loads, on one line; null when it is the shipped major.minor.</summary>
    public static string? FindProblem()
    {
        var expected = $"{Shipped.Major}.{Shipped.Minor}.x";
        var shipped = $"{ShippedFile} in {AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)}";
        KafkaClientVersions client;
        Version loaded;
        try
        {
            client = KafkaClientVersions.Current();
            loaded = KafkaClientVersions.Unpack(Library.Version);
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileLoadException or InvalidOperationException)
        {
            return $"librdkafka could not be loaded ({ex.Message.TrimEnd('.')}): OrderSaga ships librdkafka {Shipped} as {shipped} (see docs/kafka.md, Kafka client)";
        }

        if (loaded.Major == Shipped.Major && loaded.Minor == Shipped.Minor)
            return null;
        var from = client.LibrdkafkaFiles.Count == 0 ? "" : $" from {string.Join(", ", client.LibrdkafkaFiles)}";
        return $"librdkafka {client.Librdkafka} was loaded{from}, but OrderSaga needs librdkafka {expected}, which it ships as {shipped}; " +
            "that file did not load, or is missing, and .NET used another copy on the library path instead (see docs/kafka.md, Kafka client)";
    }
}
