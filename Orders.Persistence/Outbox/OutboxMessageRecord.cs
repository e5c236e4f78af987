namespace Orders.Persistence.Outbox;

/// <summary>
/// A message the saga published, stored in the transaction of the step that published it and delivered
/// afterwards by the <see cref="OutboxRelay"/>: it leaves only if that step committed, and it is not lost
/// if the process stops before delivering it. Rows are written once and never changed: what is delivered is
/// what lies below its shard's watermark (<see cref="OutboxShard"/>).
/// </summary>
public sealed class OutboxMessageRecord
{
    /// <summary>Ascending in the order the messages were written within a transaction.</summary>
    public long Id { get; set; }

    private string _requestId = "";

    /// <summary>The checkout that published it: the ordering key (and the Kafka message key). Setting it sets <see cref="Shard"/>.</summary>
    public string RequestId
    {
        get => _requestId;
        set
        {
            _requestId = value;
            Shard = OutboxShards.Of(value);
        }
    }

    /// <summary>The outbox shard of its checkout (<see cref="OutboxShards.Of"/>), set with <see cref="RequestId"/>.</summary>
    public short Shard { get; set; }

    /// <summary>
    /// The id of the transaction that wrote it (PostgreSQL's <c>pg_current_xact_id()</c>, set by the database). A
    /// checkout's steps commit one after another, so its rows are in (transaction, id) order, the order they leave in.
    /// </summary>
    public long Transaction { get; set; }

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
