using Orders.Kafka.Client;

namespace Orders.Api.Diagnostics;

/// <summary>Where the service reaches Kafka: enough to point kcat at it, never credentials (Kafka:Client is left out).</summary>
/// <param name="BootstrapServers">The brokers the service bootstraps from.</param>
/// <param name="InProcessBroker">True when the broker is the embedded one inside this process (Kafka:Embedded).</param>
/// <param name="GroupId">The consumer group of the saga's topic endpoint.</param>
/// <param name="Topics">Topic names by setting (ProductRequests, ...).</param>
/// <param name="ListTopics">A kcat command that lists the broker's topics.</param>
/// <param name="Client">The Kafka client the service runs: Confluent.Kafka's version, librdkafka's, and the librdkafka file loaded.</param>
public sealed record KafkaDiagnosticsResponse(
    string BootstrapServers,
    bool InProcessBroker,
    string GroupId,
    IReadOnlyDictionary<string, string> Topics,
    string ListTopics,
    KafkaClientVersions Client);
