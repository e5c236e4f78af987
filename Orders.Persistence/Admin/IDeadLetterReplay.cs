namespace Orders.Persistence.Admin;

/// <summary>
/// Sends a dead-lettered record back to the topic it came from, with its key, value and headers as they
/// arrived. Implemented on Kafka (Orders.Kafka's KafkaDeadLetterReplay); <see cref="DeadLetterReplayer"/>
/// calls it once the dead letter is marked replayed, and undoes the mark when it throws.
/// </summary>
public interface IDeadLetterReplay
{
    /// <summary>Produces the record and returns where it was written; throws <see cref="DeadLetterReplayException"/> when it was not.</summary>
    Task<ReplayReceipt> ReplayAsync(ReplayMessage message, CancellationToken cancellationToken);
}
