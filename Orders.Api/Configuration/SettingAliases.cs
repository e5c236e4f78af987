using Npgsql;
using Orders.Kafka.Configuration;
using Orders.Persistence;

namespace Orders.Api.Configuration;

/// <summary>
/// The names the service's earlier deployments use for its settings, accepted beside the standard ones:
/// <c>DB_URL</c> (a postgres:// URL or a connection string) for ConnectionStrings:Orders, <c>KAFKA_BROKERS</c>
/// for Kafka:BootstrapServers and <c>ORDER_TOPIC</c> for Kafka:Topics:Orders. When both names are set, the
/// standard one wins. <c>PORT</c> is read by <see cref="Extensions.ListenAddress"/>.
/// </summary>
public static class SettingAliases
{
    public const string DatabaseUrl = "DB_URL";
    public const string KafkaBrokers = "KAFKA_BROKERS";
    public const string OrderTopic = "ORDER_TOPIC";

    public static readonly string BootstrapServersKey = $"{KafkaOptions.Section}:{nameof(KafkaOptions.BootstrapServers)}";
    public static readonly string OrdersTopicKey = $"{KafkaOptions.Section}:{nameof(KafkaOptions.Topics)}:{nameof(KafkaTopics.Orders)}";

    /// <summary>Every alias and the standard key it stands for.</summary>
    public static IReadOnlyList<(string Alias, string Key)> All { get; } =
        [(DatabaseUrl, OrdersConnectionString.Key), (KafkaBrokers, BootstrapServersKey), (OrderTopic, OrdersTopicKey)];

    /// <summary>
    /// Adds the standard keys for the aliases that are set, as a configuration source on top of the others, for
    /// each standard key that is not set (or empty); writes one line naming the alias and returns false when an
    /// alias's value cannot be used.
    /// </summary>
    public static bool TryUseSettingAliases(this ConfigurationManager configuration, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryMap(configuration, out var mapped, out var problem))
        {
            error.WriteLine(problem);
            return false;
        }
        if (mapped.Count > 0)
            configuration.AddInMemoryCollection(mapped);
        return true;
    }

    /// <summary>The standard keys the aliases give values to, or one line saying which alias cannot be used.</summary>
    public static bool TryMap(IConfiguration configuration, out Dictionary<string, string?> mapped, out string? error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        error = null;
        foreach (var (alias, key) in All)
        {
            var value = configuration[alias];
            if (string.IsNullOrWhiteSpace(value) || !string.IsNullOrWhiteSpace(configuration[key]))
                continue;

            var translated = alias switch
            {
                DatabaseUrl => DatabaseConnectionString(value.Trim(), out error),
                KafkaBrokers => BootstrapServers.IsValid(value, out var bad) ? value.Trim() : Fail($"{KafkaBrokers} must be a comma-separated list of host:port, but '{bad}' is not", out error),
                _ => KafkaOptionsValidator.IsValidTopicName(value.Trim()) ? value.Trim() : Fail($"{OrderTopic} must be a valid Kafka topic name ([a-zA-Z0-9._-], 1..249 characters), but it is '{value}'", out error),
            };
            if (translated is null)
                return false;
            mapped[key] = translated;
        }
        return true;
    }

    private static string? DatabaseConnectionString(string value, out string? error)
    {
        error = null;
        var text = PostgresUrl.IsUrl(value) ? PostgresUrl.ToConnectionString(value, DatabaseUrl, out error) : value;
        if (text is null)
            return null;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(parsed.Host))
                return Fail($"{DatabaseUrl} names no host: use postgres://user:password@host:5432/database or Host=...;Database=...;Username=...;Password=...", out error);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // The parser's message names the keyword or the position that broke, not the values.
            return Fail($"{DatabaseUrl} is neither a postgres:// URL nor a valid PostgreSQL connection string: {ex.Message.ReplaceLineEndings(" ")}", out error);
        }
        error = null;
        return text;
    }

    private static string? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
