using Confluent.Kafka;

namespace Orders.Kafka.Configuration;

/// <summary>
/// librdkafka configurations made from <see cref="KafkaOptions"/>: the pass-through Client settings
/// first, then the settings OrderSaga's delivery guarantees rely on, which always win.
/// </summary>
public static class KafkaClientConfigs
{
    /// <summary>
    /// A group member that stores and commits an offset only when told to, after the record's work is
    /// done. A new group starts from the earliest record unless Client sets auto.offset.reset.
    /// </summary>
    public static ConsumerConfig ManualCommitConsumer(this KafkaOptions options, string groupId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);

        var config = new ConsumerConfig(Copy(options.Client))
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        return config;
    }

    /// <summary>A producer whose retries never duplicate or reorder a record, acknowledged by all in-sync replicas.</summary>
    public static ProducerConfig IdempotentProducer(this KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        return new ProducerConfig(Copy(options.Client))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
    }

    public static AdminClientConfig Admin(this KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        return new AdminClientConfig(Copy(options.Client)) { BootstrapServers = options.BootstrapServers };
    }

    // Confluent's config wraps the dictionary it is given; a copy keeps the options untouched.
    private static Dictionary<string, string> Copy(Dictionary<string, string>? client) =>
        client is null ? [] : new Dictionary<string, string>(client, StringComparer.Ordinal);
}
