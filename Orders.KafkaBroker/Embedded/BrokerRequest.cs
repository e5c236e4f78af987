namespace Orders.KafkaBroker.Embedded;

/// <summary>A request the embedded broker received while it tracked requests (<see cref="EmbeddedKafkaBroker.StartRequestTracking"/>).</summary>
/// <param name="BrokerId">The broker that received it.</param>
/// <param name="Api">Its kind; values this enum does not name are kept as their number.</param>
/// <param name="ReceivedAtMicroseconds">When, on librdkafka's monotonic clock: only comparable with other requests' times.</param>
public sealed record BrokerRequest(int BrokerId, KafkaApiKey Api, long ReceivedAtMicroseconds);
