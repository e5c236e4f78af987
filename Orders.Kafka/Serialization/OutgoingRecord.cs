using Confluent.Kafka;

namespace Orders.Kafka.Serialization;

/// <summary>A record ready to produce, and the topic it goes to.</summary>
public sealed record OutgoingRecord(string Topic, Message<string, byte[]> Message);
