using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Outbox;

/// <summary>
/// The consume context a saga step runs in: everything the machine publishes becomes an
/// <c>outbox_messages</c> row in the step's DbContext, saved with the checkout in one transaction.
/// Replies to requests (sent, not published) still go straight out once the step has committed.
/// </summary>
public sealed class OutboxConsumeContext<TMessage> : ConsumeContextProxy<TMessage>, OutboxSendContext
    where TMessage : class
{
    private readonly OrdersDbContext _db;
    private readonly OrderState _saga;
    private readonly TimeProvider _clock;

    public OutboxConsumeContext(ConsumeContext<TMessage> context, OrdersDbContext db, OrderState saga, TimeProvider clock)
        : base(context)
    {
        _db = db;
        _saga = saga;
        _clock = clock;
        ReceiveContext = new PublishToOutboxReceiveContext(this, context.ReceiveContext);
        PublishEndpointProvider = ReceiveContext.PublishEndpointProvider;
    }

    public Task AddSend<T>(SendContext<T> context) where T : class
    {
        // The checkout's requestId is read now, not when the step began: a new checkout gets it in its first activity.
        // The step's trace context goes with the row: the relay delivers it later, outside the step.
        var step = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        _db.Set<OutboxMessageRecord>().Add(new OutboxMessageRecord
        {
            RequestId = _saga.RequestId,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = OutboxMessageTypes.Serialize(context.Message, typeof(T)),
            CreatedAt = _clock.GetUtcNow(),
            TraceParent = step?.Id,
            TraceState = step?.TraceStateString,
        });
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) =>
        TryGetPayload(out IServiceProvider services) ? services.GetService(serviceType) : null;

    private sealed class PublishToOutboxReceiveContext(OutboxSendContext outbox, ReceiveContext context) : ReceiveContextProxy(context)
    {
        public override IPublishEndpointProvider PublishEndpointProvider { get; } = new OutboxPublishEndpointProvider(outbox, context.PublishEndpointProvider);
    }
}
