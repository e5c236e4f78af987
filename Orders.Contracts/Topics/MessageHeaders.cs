namespace Orders.Contracts.Topics;

/// <summary>Names of the Kafka record headers OrderSaga reads and writes (values are UTF-8 text).</summary>
public static class MessageHeaders
{
    /// <summary>The message's type, one of <see cref="MessageTypes"/>.</summary>
    public const string MessageType = "message-type";

    /// <summary>On what OrderSaga produces: the id of the outbox row it came from; a redelivered copy has the same id.</summary>
    public const string MessageId = "message-id";

    /// <summary>
    /// The W3C Trace Context <c>traceparent</c> (https://www.w3.org/TR/trace-context/): on every record OrderSaga
    /// produces; read from every record it consumes, so a checkout's trace goes on across services.
    /// </summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C Trace Context <c>tracestate</c>, beside <see cref="TraceParent"/> when the trace has one.</summary>
    public const string TraceState = "tracestate";

    /// <summary>On a dead letter: why the record could not be processed.</summary>
    public const string DeadLetterError = "dead-letter-error";

    /// <summary>On a dead letter: the topic the record was read from.</summary>
    public const string DeadLetterTopic = "dead-letter-topic";

    /// <summary>On a dead letter: its partition there, as a decimal number.</summary>
    public const string DeadLetterPartition = "dead-letter-partition";

    /// <summary>On a dead letter: its offset there, as a decimal number.</summary>
    public const string DeadLetterOffset = "dead-letter-offset";

    /// <summary>On a dead letter: the consumer group that gave up on it.</summary>
    public const string DeadLetterGroup = "dead-letter-group";

    /// <summary>On a dead letter: when it was dead-lettered, ISO 8601 UTC.</summary>
    public const string DeadLetterAt = "dead-letter-at";
}
