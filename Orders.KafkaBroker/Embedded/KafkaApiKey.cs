namespace Orders.KafkaBroker.Embedded;

/// <summary>Kafka protocol request types (ApiKey), numbered as on the wire.</summary>
public enum KafkaApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    DescribeGroups = 15,
    ListGroups = 16,
    ApiVersions = 18,
    InitProducerId = 22,
    OffsetForLeaderEpoch = 23,
    DescribeCluster = 60,
    GetTelemetrySubscriptions = 71,
    PushTelemetry = 72,
}
