namespace Orders.Persistence.Outbox;

/// <summary>Sends outbox messages on their way, a batch at a time, in the order given.</summary>
public interface IOutboxDelivery
{
    /// <summary>
    /// Delivers the batch and returns how many of its first messages are delivered; those after them stay
    /// undelivered, first in line for the next round. Throwing means none of the batch counts as delivered.
    /// </summary>
    Task<int> DeliverAsync(IReadOnlyList<OutboxMessageRecord> batch, CancellationToken cancellationToken);
}
