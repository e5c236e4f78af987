using Confluent.Kafka;

namespace Orders.Kafka.Configuration;

/// <summary>
/// librdkafka configurations made from <see cref="KafkaOptions"/>: the pass-through Client settings
/// first, then the settings OrderSaga's delivery guarantees rely on, which always win.
/// </summary>
/// <remarks>
/// A checkout crosses Kafka five times (product request and answer, payment request and answer, order events),
/// so the latency defaults below are set for short hops; each one yields to a Client setting of the same name.
/// None of them touches durability: acks, idempotence and the commit rules stay as they are. Set explicitly even
/// where librdkafka 2.x agrees (acks=all): librdkafka's enable.idempotence is still false by default.
/// </remarks>
public static class KafkaClientConfigs
{
    /// <summary>
    /// How long a fetch may wait at the broker for records (librdkafka's default is 500 ms). Kafka answers a
    /// waiting fetch as soon as records arrive; librdkafka's mock cluster (the embedded broker) does not, and holds
    /// every fetch of an idle partition for the whole wait, which put up to half a second on each hop.
    /// </summary>
    public const int FetchWaitMaxMs = 10;

    /// <summary>
    /// Longest pause between reconnection attempts to a broker (librdkafka's default is 10 s): a broker that comes
    /// back is used again within a second, so checkouts waiting on it do not run into their deadlines.
    /// </summary>
    public const int ReconnectBackoffMaxMs = 1000;

    /// <summary>How long the producer gathers records into a batch before sending (librdkafka's default is 5 ms).</summary>
    public const double LingerMs = 1;

    /// <summary>
    /// How a keyed record's partition is chosen: Kafka's murmur2 of the key, as the Java client (and Kafka Streams,
    /// Spring Kafka, ...) chooses it by default, so a requestId lands on the same partition number whichever team's
    /// client writes it. librdkafka's default, consistent_random, hashes with CRC32 and disagrees with them.
    /// </summary>
    public const Partitioner KeyPartitioner = Partitioner.Murmur2Random;

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
        config.FetchWaitMaxMs ??= FetchWaitMaxMs;
        config.SocketNagleDisable ??= true;
        config.ReconnectBackoffMaxMs ??= ReconnectBackoffMaxMs;
        return config;
    }

    /// <summary>A producer whose retries never duplicate or reorder a record, acknowledged by all in-sync replicas.</summary>
    public static ProducerConfig IdempotentProducer(this KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var config = new ProducerConfig(Copy(options.Client))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        config.LingerMs ??= LingerMs;
        config.Partitioner ??= KeyPartitioner;
        config.SocketNagleDisable ??= true;
        config.ReconnectBackoffMaxMs ??= ReconnectBackoffMaxMs;
        return config;
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
