using MassTransit;
using Orders.Persistence.Outbox;

namespace Orders.Tests.Support;

/// <summary>Delivers outbox messages by publishing them on the bus, each with the message id of its row (the flow and persistence tests' bus).</summary>
public sealed class BusOutboxDelivery(IBusControl bus) : IOutboxDelivery
{
    private volatile bool _started;

    public async Task<int> DeliverAsync(IReadOnlyList<OutboxMessageRecord> batch, CancellationToken cancellationToken)
    {
        // A message published before the bus has started would be dropped, and yet marked delivered.
        if (!_started)
        {
            await bus.WhenStartedAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            var body = OutboxMessageTypes.Deserialize(message);
            try
            {
                await bus.Publish(body, body.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = message.MessageId), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (i > 0)
            {
                return i;
            }
        }
        return batch.Count;
    }
}
