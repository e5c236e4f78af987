using MassTransit;

namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>Delivers outbox messages by publishing them on the bus, each with the message id of its row.</summary>
public sealed class BusOutboxDelivery(IBusControl bus) : IOutboxDelivery
{
    private volatile bool _started;

    public async Task DeliverAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        // A message published before the bus has started would be dropped, and yet marked delivered.
        if (!_started)
        {
            await bus.WhenStartedAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        var body = OutboxMessageTypes.Deserialize(message);
        await bus.Publish(body, body.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = message.MessageId), cancellationToken).ConfigureAwait(false);
    }
}
