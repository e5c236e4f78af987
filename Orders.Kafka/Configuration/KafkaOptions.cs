namespace Orders.Kafka.Configuration;

/// <summary>How OrderSaga reaches Kafka, bound from the "Kafka" configuration section.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>Comma-separated host:port list of brokers to bootstrap from. Required.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The consumer group of the saga's workers; instances that share it share the partitions.</summary>
    public string GroupId { get; set; } = "order-saga";

    public KafkaTopics Topics { get; set; } = new();

    /// <summary>
    /// librdkafka settings passed through verbatim to every client (security.protocol, sasl.*,
    /// ssl.*, client.id, session.timeout.ms, ...). Settings OrderSaga owns are refused.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Partitions of the topics OrderSaga creates (the embedded broker's, or when it provisions them).</summary>
    public int TopicPartitions { get; set; } = 6;

    /// <summary>
    /// Records a partition may have waiting for the saga before the endpoint stops fetching from it (resumed at
    /// half). Bounds memory when the saga falls behind, without holding up the other partitions.
    /// </summary>
    public int MaxPartitionBacklog { get; set; } = 1000;

    /// <summary>How the saga endpoint groups a partition's waiting records into one transaction.</summary>
    public SagaBatchSettings SagaBatch { get; set; } = new();

    /// <summary>
    /// Start a Kafka-protocol broker inside the process (librdkafka's mock cluster) when BootstrapServers is
    /// empty: for trying the service out and for tests. Its topics live only as long as the process.
    /// </summary>
    public bool Embedded { get; set; }

    public KafkaSimulatorOptions Simulators { get; set; } = new();
}
