namespace Orders.Persistence.Notifications;

/// <summary>The PostgreSQL NOTIFY channels of the service.</summary>
public static class NotificationChannels
{
    /// <summary>
    /// Checkouts whose timeline grew: sent by a trigger on <c>checkout_timeline</c> when a transaction inserts rows, with
    /// their requestIds (comma-separated) as payload, or <c>*</c> when they would not fit in one notification.
    /// </summary>
    public const string Timeline = "ordersaga_timeline";

    /// <summary>New outbox rows were committed: sent by an instance for the relays of the others (no payload).</summary>
    public const string Outbox = "ordersaga_outbox";

    /// <summary>The payload that says any checkout may have changed.</summary>
    public const string Everything = "*";
}
