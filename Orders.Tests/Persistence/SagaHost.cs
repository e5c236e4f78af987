using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Simulators;
using Orders.StateMachine;
using Orders.StateMachine.Checkout;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

/// <summary>
/// One running instance of the order service on a test database: the checkout saga on MassTransit's test
/// harness with its PostgreSQL repository, a hand-moved clock and, when asked, the Product and Payment
/// simulators. Several hosts may run one after another (or side by side) on the same database.
/// </summary>
public sealed class SagaHost : IAsyncDisposable
{
    public static readonly TimeSpan PricingTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;

    private SagaHost(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = provider.GetRequiredService<OrderStateMachine>();
    }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }
    public OrderStateMachine Machine { get; }
    public IServiceProvider Services => _provider;

    /// <summary>
    /// Starts a host; <paramref name="concurrency"/> caps how many messages the saga's endpoint handles at once,
    /// <paramref name="sagaBeforeBus"/> registers the saga (and so starts its hosted services) before the bus, and
    /// <paramref name="configure"/> may replace services after the host's own registrations.
    /// </summary>
    public static async Task<SagaHost> StartAsync(OrdersTestDatabase database, TestClock clock, bool withSimulators = false, int? concurrency = null,
        Action<IServiceCollection>? configure = null, bool sagaBeforeBus = false)
    {
        var configuration = OrdersTestDatabase.Configuration(database.ConnectionString);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock);
        // Program.cs registers the saga first: its hosted services (the deadline sweeper) then start before the bus.
        if (sagaBeforeBus)
            services.AddOrderSaga(configuration);
        services
            .AddMassTransitTestHarness(x =>
            {
                x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(30), testInactivityTimeout: TimeSpan.FromMilliseconds(500));
                x.AddOrderStateMachine().PostgresRepository();
                if (withSimulators)
                    x.AddOrderSimulators();
                if (concurrency is { } limit)
                    x.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.ConcurrentMessageLimit = limit);
            });
        if (!sagaBeforeBus)
            services.AddOrderSaga(configuration);
        services.AddOrderPersistence(configuration);
        services.AddOrderSagaOnTestBus();
        configure?.Invoke(services);

        var provider = services.BuildServiceProvider(true);
        // MassTransit keeps its log context in an AsyncLocal, where an earlier host of the same test may have
        // left one bound to its disposed logger factory: this host logs through its own.
        LogContext.ConfigureCurrentLogContext(provider.GetRequiredService<ILoggerFactory>());
        var host = new SagaHost(provider);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Submits a checkout through the request client, as the API does, and returns the reply.</summary>
    public async Task<Response> SubmitAsync(SubmitCheckout command)
    {
        var client = Harness.GetRequestClient<SubmitCheckout>();
        return await client.GetResponse<CheckoutAccepted, CheckoutConflict>(command);
    }

    /// <summary>Waits until the stored checkout for the requestId is in the given state; null if it never gets there.</summary>
    public Task<Guid?> InState(string requestId, Func<OrderStateMachine, State> state) =>
        Saga.Exists(CheckoutId.For(requestId), state(Machine), Harness.TestTimeout);

    /// <summary>The checkout as stored, read in a DbContext of its own.</summary>
    public async Task<OrderState?> ReadCheckoutAsync(string requestId)
    {
        var db = await _provider.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();
        await using (db)
            return await db.Checkouts.AsNoTracking().SingleOrDefaultAsync(s => s.RequestId == requestId);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
