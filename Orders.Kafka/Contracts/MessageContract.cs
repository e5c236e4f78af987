namespace Orders.Kafka.Contracts;

/// <summary>
/// What another team needs to know of one message beyond its type and topic: which way it goes, who is on
/// the other end, its contract version and the literal example the docs show.
/// </summary>
/// <param name="Type">The message-type header value, as in <see cref="Serialization.WireCatalog"/>.</param>
/// <param name="Version">Raised, with a row in the change log (docs/messages.md), when a change would break the other end.</param>
/// <param name="Direction">Whether OrderSaga sends or receives it.</param>
/// <param name="Counterpart">Who is on the other end, in words ("the Payment service").</param>
/// <param name="Example">A literal JSON body, word for word as the docs show it.</param>
public sealed record MessageContract(string Type, string Version, MessageDirection Direction, string Counterpart, string Example);
