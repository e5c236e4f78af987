using System.Text.RegularExpressions;

namespace Orders.Contracts.Topics;

/// <summary>Kafka's own limits on topics, shared by the service's settings and the embedded broker's arguments.</summary>
public static partial class TopicNameRules
{
    /// <summary>The most partitions a topic may be given here (Kafka allows more; no deployment of this service needs them).</summary>
    public const int MaxPartitions = 1_000;

    /// <summary>Kafka's rule for topic names: 1 to 249 of [a-zA-Z0-9._-], and neither "." nor "..".</summary>
    public static bool IsValid(string? topic) =>
        topic is not null && topic is not "." and not ".." && TopicName().IsMatch(topic);

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
