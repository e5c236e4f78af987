using Microsoft.Extensions.Options;
using Orders.Contracts.Topics;

namespace Orders.Kafka.Configuration;

/// <summary>Rejects Kafka settings that cannot work, each failure naming its setting.</summary>
public sealed partial class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public const int MaxTopicPartitions = TopicNameRules.MaxPartitions;

    /// <summary>librdkafka settings whose values OrderSaga's guarantees depend on, with their aliases.</summary>
    public static readonly IReadOnlySet<string> OwnedClientSettings = new HashSet<string>(StringComparer.Ordinal)
    {
        "bootstrap.servers", "metadata.broker.list", "group.id",
        "enable.auto.commit", "enable.auto.offset.store",
        "enable.idempotence", "acks", "request.required.acks",
    };

    private const string Section = KafkaOptions.Section;

    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        ValidateBootstrapServers(options.BootstrapServers, failures);
        RequireGroupId($"{Section}:{nameof(options.GroupId)}", options.GroupId, failures);
        ValidateTopics(options.Topics, failures);
        ValidateClient(options.Client, failures);

        if (options.MaxPartitionBacklog is < 1 or > 1_000_000)
            failures.Add($"{Section}:{nameof(options.MaxPartitionBacklog)} must be between 1 and 1000000");

        var batch = $"{Section}:{nameof(options.SagaBatch)}";
        if (options.SagaBatch.MaxRecords is < 1 or > SagaBatchSettings.Largest)
            failures.Add($"{batch}:{nameof(SagaBatchSettings.MaxRecords)} must be between 1 and {SagaBatchSettings.Largest}");
        if (options.SagaBatch.Wait < TimeSpan.Zero || options.SagaBatch.Wait > TimeSpan.FromSeconds(1))
            failures.Add($"{batch}:{nameof(SagaBatchSettings.Wait)} must be between 00:00:00 and 00:00:01, got {options.SagaBatch.Wait}");

        if (options.TopicPartitions is < 1 or > MaxTopicPartitions)
            failures.Add($"{Section}:{nameof(options.TopicPartitions)} must be between 1 and {MaxTopicPartitions}");

        if (options.Simulators.Enabled)
        {
            var simulators = $"{Section}:{nameof(options.Simulators)}";
            RequireGroupId($"{simulators}:{nameof(KafkaSimulatorOptions.ProductGroupId)}", options.Simulators.ProductGroupId, failures);
            RequireGroupId($"{simulators}:{nameof(KafkaSimulatorOptions.PaymentGroupId)}", options.Simulators.PaymentGroupId, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Kafka's own rule for topic names.</summary>
    public static bool IsValidTopicName(string? topic) => TopicNameRules.IsValid(topic);

    private static void ValidateBootstrapServers(string? servers, List<string> failures)
    {
        var setting = $"{Section}:{nameof(KafkaOptions.BootstrapServers)}";
        if (string.IsNullOrWhiteSpace(servers))
        {
            failures.Add($"{setting} is required (host:port[,host:port...])");
            return;
        }

        if (servers.Split(',').Any(s => s.Trim().Length == 0 || s.Trim().Any(char.IsWhiteSpace)))
            failures.Add($"{setting} must be a comma-separated list of host:port, got '{servers}'");
    }

    private static void RequireGroupId(string setting, string? groupId, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(groupId))
            failures.Add($"{setting} is required");
    }

    private static void ValidateTopics(KafkaTopics? topics, List<string> failures)
    {
        if (topics is null)
        {
            failures.Add($"{Section}:{nameof(KafkaOptions.Topics)} must not be empty");
            return;
        }

        var settings = topics.BySetting();
        foreach (var (setting, topic) in settings)
        {
            if (!IsValidTopicName(topic))
                failures.Add($"{Section}:{nameof(KafkaOptions.Topics)}:{setting} must be a valid topic name ([a-zA-Z0-9._-], 1..249), got '{topic}'");
        }

        // Every topic has fixed message types, which is what lets a record without a type header be read.
        foreach (var shared in settings.Where(s => IsValidTopicName(s.Value)).GroupBy(s => s.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"{string.Join(" and ", shared.Select(s => $"{Section}:{nameof(KafkaOptions.Topics)}:{s.Key}"))} must name different topics, all are '{shared.Key}'");
    }

    private static void ValidateClient(Dictionary<string, string>? client, List<string> failures)
    {
        if (client is null)
            return;

        foreach (var key in client.Keys.Where(OwnedClientSettings.Contains).Order(StringComparer.Ordinal))
            failures.Add($"{Section}:{nameof(KafkaOptions.Client)}:{key} cannot be set: OrderSaga sets it (use the Kafka settings that name it, if any)");
    }
}
