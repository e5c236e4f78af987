using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Simulators;
using Orders.StateMachine;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;
using Orders.Tests.Support;

namespace Orders.Tests.Flow;

/// <summary>
/// One MassTransit test harness per test with the checkout saga on it, a hand-moved clock, and
/// (when asked) the Product and Payment simulators answering on the same bus.
/// </summary>
public sealed class FlowHarness : IAsyncDisposable
{
    public static readonly TimeSpan PricingTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;

    private FlowHarness(ServiceProvider provider, TestClock clock)
    {
        _provider = provider;
        Clock = clock;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = provider.GetRequiredService<OrderStateMachine>();
        Sweeper = provider.GetRequiredService<DeadlineSweeper>();
    }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }
    public OrderStateMachine Machine { get; }
    public DeadlineSweeper Sweeper { get; }
    public TestClock Clock { get; }

    /// <summary>Starts a harness; with simulators, Product and Payment answer by their documented rules.</summary>
    public static async Task<FlowHarness> StartAsync(bool withSimulators = false)
    {
        var clock = new TestClock();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checkout:PricingTimeout"] = PricingTimeout.ToString(),
            ["Checkout:PaymentTimeout"] = PaymentTimeout.ToString(),
        }).Build();

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddOrderSaga(configuration)
            .AddInMemoryOrderStorage()
            .AddMassTransitTestHarness(x =>
            {
                x.AddOrderStateMachine().InMemoryRepository();
                if (withSimulators)
                    x.AddOrderSimulators();
            });

        var host = new FlowHarness(services.BuildServiceProvider(true), clock);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Submits a checkout through the request client, as the API does, and returns the reply.</summary>
    public async Task<Response> SubmitAsync(SubmitCheckout command)
    {
        var client = Harness.GetRequestClient<SubmitCheckout>();
        return await client.GetResponse<CheckoutAccepted, CheckoutConflict>(command);
    }

    public static SubmitCheckout Checkout(string requestId, long userId = 101, params (int ProductId, int Quantity)[] lines) => new()
    {
        RequestId = requestId,
        UserId = userId,
        Email = $"user{userId}@example.com",
        Items = (lines.Length == 0 ? [(1, 2), (2, 1)] : lines)
            .Select(l => new CheckoutLine { ProductId = l.ProductId, Quantity = l.Quantity }).ToList(),
    };

    /// <summary>Waits until the saga for the requestId is in the given state; null if it never gets there.</summary>
    public Task<Guid?> InState(string requestId, Func<OrderStateMachine, State> state) =>
        Saga.Exists(CheckoutId.For(requestId), state(Machine), Harness.TestTimeout);

    public OrderState? Find(string requestId) =>
        Saga.Sagas.Contains(CheckoutId.For(requestId));

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
