namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>
/// A message the saga published, stored in the transaction of the step that published it and delivered
/// afterwards by the <see cref="OutboxRelay"/>: it leaves only if that step committed, and it is not lost
/// if the process stops before delivering it.
/// </summary>
public sealed class OutboxMessageRecord
{
    /// <summary>Ascending in the order the messages were written, and so in the order they are delivered.</summary>
    public long Id { get; set; }

    /// <summary>The checkout that published it: the ordering key (and the Kafka message key).</summary>
    public string RequestId { get; set; } = "";

    /// <summary>The message's type, as <see cref="OutboxMessageTypes"/> names it.</summary>
    public string MessageType { get; set; } = "";

    /// <summary>The message as JSON, in the shape the contracts give it on the wire.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the step that wrote the row (null when the step ran in no trace), so the
    /// relayed message continues the step's trace although it leaves later, from another thread or instance.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The id every delivery of this row carries, so consumers can drop a redelivered copy.</summary>
    public Guid MessageId
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            MessageIdPrefix.CopyTo(bytes);
            BitConverter.TryWriteBytes(bytes[8..], Id);
            return new Guid(bytes);
        }
    }

    private static ReadOnlySpan<byte> MessageIdPrefix => [0x6f, 0x72, 0x64, 0x65, 0x72, 0x62, 0x6f, 0x78];
}
