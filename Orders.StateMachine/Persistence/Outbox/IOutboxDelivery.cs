namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>Sends one outbox message on its way. Throwing leaves it (and those after it) for the next round.</summary>
public interface IOutboxDelivery
{
    Task DeliverAsync(OutboxMessageRecord message, CancellationToken cancellationToken);
}
