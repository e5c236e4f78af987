using MassTransit;
using Orders.Simulators;
using Orders.StateMachine;

namespace Orders.Api.Extensions;

/// <summary>The bus the API starts and cancels checkouts on.</summary>
public static class MessagingExtensions
{
    public const string SimulatorsEnabledKey = "Simulators:Enabled";

    /// <summary>
    /// The checkout saga on an in-memory bus, with the Product and Payment simulators unless
    /// Simulators:Enabled is false.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var withSimulators = configuration.GetValue(SimulatorsEnabledKey, defaultValue: true);

        services.AddMassTransit(x =>
        {
            x.AddOrderStateMachine().InMemoryRepository();
            if (withSimulators)
                x.AddOrderSimulators();
            x.UsingInMemory((context, bus) => bus.ConfigureEndpoints(context));
        });

        // Requests are accepted only once the bus can carry them.
        services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        return services;
    }
}
