using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;

namespace Orders.StateMachine;

/// <summary>
/// Orders.StateMachine owns the checkout saga: <see cref="OrderStateMachine"/> decides the flow, <see cref="OrderState"/>
/// is what a checkout remembers, and the deadline sweeper and metrics follow it. It knows no database and no transport:
/// the host adds a repository (Orders.Persistence), a way in and out (Orders.Kafka) and how deadlines reach the saga.
/// </summary>
public static class OrderSagaRegistration
{
    /// <summary>
    /// Settings, clock and deadline sweeper of the saga; storage-neutral. The host registers how due deadlines reach the
    /// saga (<see cref="IDeadlineNotices"/>: <see cref="MediatorDeadlineNotices"/> in the service) and where they are
    /// found (<see cref="IDueDeadlines"/>, from the repository's project).
    /// </summary>
    public static IServiceCollection AddOrderSaga(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckoutOptions>().Bind(configuration.GetSection(CheckoutOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>, CheckoutOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        return services;
    }

    /// <summary>Adds the state machine to a bus or a mediator; the caller picks the repository behind it.</summary>
    public static ISagaRegistrationConfigurator<OrderState> AddOrderStateMachine(this IRegistrationConfigurator bus)
    {
        bus.AddRequestClient<SubmitCheckout>(RequestTimeout.After(s: 15));
        bus.AddRequestClient<CancelCheckout>(RequestTimeout.After(s: 15));
        return bus.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateDefinition>();
    }
}
