namespace Orders.Kafka.Serialization;

/// <summary>What a Kafka record turned out to be: a usable message, or poison with the reason.</summary>
public abstract record DecodeResult;

/// <summary>A message of a known type, with values that can be processed.</summary>
/// <param name="Type">The message type, one of <see cref="Orders.Contracts.Topics.MessageTypes"/>.</param>
/// <param name="Message">The contract record, e.g. a <see cref="Orders.Contracts.PaymentRequestEvent"/>.</param>
public sealed record DecodedMessage(string Type, object Message) : DecodeResult;

/// <summary>A record that can never be processed, however often it is read.</summary>
/// <param name="Reason">Why, in words fit for a log line or a dead-letter header.</param>
public sealed record PoisonRecord(string Reason) : DecodeResult;
