using MassTransit;

namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>Delivers outbox messages by publishing them on the bus, each with the message id of its row.</summary>
public sealed class BusOutboxDelivery(IBusControl bus) : IOutboxDelivery
{
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(50);
    private volatile bool _started;

    public async Task DeliverAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        await WhenStartedAsync(cancellationToken).ConfigureAwait(false);
        var body = OutboxMessageTypes.Deserialize(message);
        await bus.Publish(body, body.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = message.MessageId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message published before the bus has started would be dropped, and yet marked delivered.</summary>
    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        while (!_started)
        {
            _started = bus.CheckHealth().Status != BusHealthStatus.Unhealthy;
            if (!_started)
                await Task.Delay(StartPoll, cancellationToken).ConfigureAwait(false);
        }
    }
}
