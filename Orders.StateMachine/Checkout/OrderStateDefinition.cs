using MassTransit;

namespace Orders.StateMachine.Checkout;

/// <summary>How the checkout saga's endpoint runs: retries for conflicts, and messages held back until the saga is saved.</summary>
public sealed class OrderStateDefinition : SagaDefinition<OrderState>
{
    public const string QueueName = "order-state";

    public OrderStateDefinition() => Endpoint(e => e.Name = QueueName);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<OrderState> sagaConfigurator, IRegistrationContext context)
    {
        // An unknown checkout stays unknown: no retry can help it. A step of a batch is retried by the batch's owner,
        // one message at a time, after the batch is rolled back.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<UnknownCheckoutException>();
            r.Ignore<SagaBatchAbortedException>();
            r.Intervals(20, 100, 500, 1000, 2000);
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
