using Confluent.Kafka;

namespace Orders.Kafka.Client;

/// <summary>The Kafka client this process runs: Confluent.Kafka's version, the librdkafka it loaded, and where from.</summary>
/// <param name="ConfluentKafka">Confluent.Kafka's assembly version, e.g. 2.16.0.</param>
/// <param name="Librdkafka">The loaded librdkafka's own version string, e.g. 2.16.0.</param>
/// <param name="LibrdkafkaFiles">The librdkafka files mapped into this process (Linux; empty elsewhere). More than one means two copies are in use.</param>
public sealed record KafkaClientVersions(string ConfluentKafka, string Librdkafka, IReadOnlyList<string> LibrdkafkaFiles)
{
    /// <summary>Loads librdkafka if it is not loaded yet; throws what Confluent.Kafka throws when no librdkafka loads.</summary>
    public static KafkaClientVersions Current()
    {
        var librdkafka = Library.VersionString;
        return new KafkaClientVersions(ConfluentKafkaVersion, librdkafka, MappedLibrdkafkaFiles());
    }

    public static string ConfluentKafkaVersion { get; } =
        typeof(Library).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>librdkafka's packed version (0xMMmmrrpp) as major.minor.revision.</summary>
    public static Version Unpack(int packed) => new((packed >> 24) & 0xFF, (packed >> 16) & 0xFF, (packed >> 8) & 0xFF);

    /// <summary>
    /// Which file the dynamic loader really took: the only trustworthy answer, since .NET tries several names and
    /// directories and silently moves on from a file that does not load.
    /// </summary>
    private static string[] MappedLibrdkafkaFiles()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return [];
        // A mapping line ends with the file's absolute path: "address perms offset dev inode   /path/to/file".
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..].Trim() : null)
            .OfType<string>()
            .Where(path => Path.GetFileName(path).Contains("rdkafka", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }
}
