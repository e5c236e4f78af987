namespace Orders.Contracts;

/// <summary>The values of <see cref="OrderLifecycleEvent.Type"/>.</summary>
public static class OrderEventTypes
{
    public const string Created = "order.created";
    public const string Paid = "order.paid";
    public const string PaymentFailed = "order.payment_failed";
    public const string Cancelled = "order.cancelled";
    public const string Refunded = "order.refunded";
    public const string Shipped = "order.shipped";
    public const string TimedOut = "order.timed_out";
}
