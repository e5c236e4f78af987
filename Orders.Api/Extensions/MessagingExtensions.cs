using MassTransit;
using Orders.Simulators;
using Orders.StateMachine;
using Orders.StateMachine.Persistence;
using Orders.StateMachine.Persistence.Outbox;

namespace Orders.Api.Extensions;

/// <summary>The bus the API starts and cancels checkouts on.</summary>
public static class MessagingExtensions
{
    public const string SimulatorsEnabledKey = "Simulators:Enabled";

    /// <summary>
    /// The checkout saga, kept in PostgreSQL (needs the storage of <see cref="StorageExtensions.TryAddOrderStorage"/>),
    /// on an in-memory bus, with the Product and Payment simulators unless Simulators:Enabled is false. What the
    /// in-memory bus held is lost when the process stops: <see cref="InMemoryBusRecovery"/> sends the awaited
    /// requests again at the next start.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var withSimulators = configuration.GetValue(SimulatorsEnabledKey, defaultValue: true);

        // Registered before the bus, so it has run when the bus and the outbox relay start.
        services.AddHostedService<InMemoryBusRecovery>();
        services.AddMassTransit(x =>
        {
            x.AddOrderStateMachine().PostgresRepository();
            if (withSimulators)
                x.AddOrderSimulators();
            x.UsingInMemory((context, bus) => bus.ConfigureEndpoints(context));
        });

        // Requests are accepted only once the bus can carry them.
        services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        return services;
    }
}
