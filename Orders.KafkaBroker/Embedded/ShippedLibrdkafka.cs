using System.Reflection;
using Confluent.Kafka;

namespace Orders.KafkaBroker.Embedded;

/// <summary>
/// The broker runs on the librdkafka the build ships, like the service (whose own check names the files it found):
/// .NET falls back without a word to an OS librdkafka when the shipped file does not load, and an older mock cluster
/// lacks controls this broker binds.
/// </summary>
public static class ShippedLibrdkafka
{
    /// <summary>librdkafka.redist's version, written into this assembly by Orders.KafkaBroker.csproj.</summary>
    public static Version Version { get; } = Version.Parse(
        typeof(ShippedLibrdkafka).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LibrdkafkaVersion").Value!);

    /// <summary>librdkafka's packed version (0xMMmmrrpp) as major.minor.revision.</summary>
    public static Version Unpack(int packed) => new((packed >> 24) & 0xFF, (packed >> 16) & 0xFF, (packed >> 8) & 0xFF);

    /// <summary>What is wrong with the librdkafka this process loaded, on one line; null when it is the shipped major.minor.</summary>
    public static string? FindProblem()
    {
        Version loaded;
        try
        {
            loaded = Unpack(Library.Version);
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileLoadException or InvalidOperationException)
        {
            return $"librdkafka could not be loaded ({ex.Message.TrimEnd('.')}); the broker needs the librdkafka {Version} the build ships (see docs/kafka.md, Kafka client)";
        }

        return loaded.Major == Version.Major && loaded.Minor == Version.Minor
            ? null
            : $"librdkafka {loaded} was loaded, but the broker needs {Version.Major}.{Version.Minor}.x, which the build ships; another copy on the library path was used instead (see docs/kafka.md, Kafka client)";
    }
}
