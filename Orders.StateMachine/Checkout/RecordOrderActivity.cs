using MassTransit;
using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>Turns a priced checkout into an order: gives it its id, once, whatever is redelivered.</summary>
public sealed class RecordOrderActivity(IOrderNumbers orderNumbers) : IStateMachineActivity<OrderState, ProductResponseEvent>
{
    public async Task Execute(BehaviorContext<OrderState, ProductResponseEvent> context, IBehavior<OrderState, ProductResponseEvent> next)
    {
        context.Saga.OrderId ??= await orderNumbers.NextAsync(context.CancellationToken).ConfigureAwait(false);
        await next.Execute(context).ConfigureAwait(false);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<OrderState, ProductResponseEvent, TException> context, IBehavior<OrderState, ProductResponseEvent> next)
        where TException : Exception => next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("record-order");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
