namespace Orders.Kafka.Tracing;

/// <summary>Attribute names of OpenTelemetry's semantic conventions for messaging (Kafka) spans and metrics.</summary>
public static class MessagingAttributes
{
    public const string System = "messaging.system";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string DestinationName = "messaging.destination.name";
    public const string DestinationPartition = "messaging.destination.partition.id";
    public const string ConsumerGroup = "messaging.consumer.group.name";
    public const string KafkaMessageKey = "messaging.kafka.message.key";
    public const string KafkaOffset = "messaging.kafka.offset";
    public const string ErrorType = "error.type";
}
