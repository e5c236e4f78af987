using MassTransit;
using Orders.Contracts;

namespace Orders.Simulators;

/// <summary>Answers product requests on the bus by <see cref="ProductCatalog"/>.</summary>
public sealed class ProductServiceSimulator : IConsumer<ProductRequestEvent>
{
    public Task Consume(ConsumeContext<ProductRequestEvent> context) => context.Publish(ProductCatalog.Answer(context.Message));
}
