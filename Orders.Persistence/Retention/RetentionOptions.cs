namespace Orders.Persistence.Retention;

/// <summary>How long finished checkouts and delivered outbox messages are kept, bound from "Persistence:Retention".</summary>
public sealed class RetentionOptions
{
    public const string Section = "Persistence:Retention";

    /// <summary>
    /// How long a checkout in a final state (Shipped, Rejected, PaymentFailed, TimedOut, Cancelled, RefundFailed) is
    /// kept after its last change before its <c>checkout_sagas</c> row is removed; its <c>orders</c> and
    /// <c>order_items</c> rows, the order history, stay. Keep it long: polls and history read the checkout, a
    /// repeated requestId is answered from it, and a TimedOut or Cancelled checkout still accepts a late
    /// successful charge and refunds it. A late charge for a checkout already removed is not refunded by the
    /// saga (it faults for an operator to handle), so this must be far longer than Payment could ever be late.
    /// </summary>
    public TimeSpan FinishedCheckouts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long an outbox message is kept after it was delivered. Undelivered messages are never removed.</summary>
    public TimeSpan DeliveredOutboxMessages { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the cleaner looks for rows past their retention.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many rows one DELETE removes at most, so that no statement holds many locks for long.</summary>
    public int BatchSize { get; set; } = 1000;
}
