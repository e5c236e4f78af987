using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;
using Orders.StateMachine.InMemory;

namespace Orders.StateMachine;

/// <summary>Registers the checkout saga and what it needs.</summary>
public static class OrderSagaRegistration
{
    /// <summary>Settings, clock, deadline sweeper and reader of the saga; storage-neutral.</summary>
    public static IServiceCollection AddOrderSaga(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckoutOptions>().Bind(configuration.GetSection(CheckoutOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>, CheckoutOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeadlineNotices, BusDeadlineNotices>();
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        return services;
    }

    /// <summary>
    /// What the saga needs besides its repository when it is kept in process memory (MassTransit's in-memory
    /// repository): for the flow tests on the test harness. The service itself keeps it in PostgreSQL.
    /// </summary>
    public static IServiceCollection AddInMemoryOrderStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IOrderNumbers, InMemoryOrderNumbers>();
        services.TryAddSingleton<IDueDeadlines, SagaRepositoryDueDeadlines>();
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
