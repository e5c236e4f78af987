using Microsoft.Extensions.DependencyInjection;
using Orders.Persistence.Outbox;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;

namespace Orders.Tests.Support;

/// <summary>What the saga needs from its host when tests run it on MassTransit's test harness instead of the service.</summary>
public static class TestSagaServices
{
    /// <summary>
    /// Deadline notices and outbox deliveries go to the harness's bus (the service sends them through the mediator
    /// and to Kafka).
    /// </summary>
    public static IServiceCollection AddOrderSagaOnTestBus(this IServiceCollection services) => services
        .AddSingleton<IDeadlineNotices, BusDeadlineNotices>()
        .AddSingleton<IOutboxDelivery, BusOutboxDelivery>();

    /// <summary>
    /// What the saga needs besides its repository when MassTransit's in-memory repository keeps it (the flow tests):
    /// order numbers from a counter, due deadlines from the repository itself.
    /// </summary>
    public static IServiceCollection AddInMemoryOrderStorage(this IServiceCollection services) => services
        .AddSingleton<IOrderNumbers, InMemoryOrderNumbers>()
        .AddSingleton<IDueDeadlines, SagaRepositoryDueDeadlines>()
        .AddSingleton<IDeadlineNotices, BusDeadlineNotices>();
}
