namespace Orders.Persistence.Retention;

/// <summary>How many rows a cleaning removed, by kind.</summary>
public readonly record struct RetentionCounts(int FinishedCheckouts, int DeliveredOutboxMessages)
{
    public int Total => FinishedCheckouts + DeliveredOutboxMessages;
}
