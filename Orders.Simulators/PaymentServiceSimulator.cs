using MassTransit;
using Orders.Contracts;

namespace Orders.Simulators;

/// <summary>Answers charges and refunds on the bus by <see cref="PaymentRules"/>.</summary>
public sealed class PaymentServiceSimulator : IConsumer<PaymentRequestEvent>, IConsumer<RefundRequestEvent>
{
    public Task Consume(ConsumeContext<PaymentRequestEvent> context) => context.Publish(PaymentRules.Charge(context.Message));

    public Task Consume(ConsumeContext<RefundRequestEvent> context) => context.Publish(PaymentRules.Refund(context.Message));
}
