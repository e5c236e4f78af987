using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Outbox;

/// <summary>Gives each saga step an <see cref="OutboxConsumeContext{TMessage}"/> on the step's DbContext.</summary>
public sealed class OutboxSagaConsumeContextFactory(TimeProvider clock) : ISagaConsumeContextFactory<OrdersDbContext, OrderState>
{
    public Task<SagaConsumeContext<OrderState, T>> CreateSagaConsumeContext<T>(OrdersDbContext context, ConsumeContext<T> consumeContext, OrderState instance,
        SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<OrderState, T>>(
            new DefaultSagaConsumeContext<OrderState, T>(new OutboxConsumeContext<T>(consumeContext, context, instance, clock), instance));
}
