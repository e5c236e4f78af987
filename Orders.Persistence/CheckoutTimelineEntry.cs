namespace Orders.Persistence;

/// <summary>
/// One state a checkout entered, written in the transaction of the step that moved it there. Ids grow in
/// commit order within one checkout (its steps are serialized by the saga row's concurrency check), so a
/// client can resume reading a checkout's timeline after the last id it saw.
/// </summary>
public sealed class CheckoutTimelineEntry
{
    public long Id { get; set; }
    public Guid CorrelationId { get; set; }
    public string RequestId { get; set; } = "";
    public string State { get; set; } = "";
    public string? ReasonCode { get; set; }
    public DateTimeOffset At { get; set; }
}
