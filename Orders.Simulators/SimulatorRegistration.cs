using MassTransit;

namespace Orders.Simulators;

/// <summary>Adds the Product and Payment simulators to a bus.</summary>
public static class SimulatorRegistration
{
    public static IBusRegistrationConfigurator AddOrderSimulators(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProductServiceSimulator>();
        bus.AddConsumer<PaymentServiceSimulator>();
        return bus;
    }
}
