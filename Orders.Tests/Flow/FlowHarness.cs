using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.Simulators;
using Orders.StateMachine;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;
using Orders.Tests.Support;

namespace Orders.Tests.Flow;

/// <summary>
/// One MassTransit test harness per test with the checkout saga on it, a hand-moved clock, and
/// (when asked) the Product and Payment simulators answering on the same bus. Without them the
/// test plays Product and Payment itself, so it decides when (and whether) each answer arrives.
/// </summary>
public sealed class FlowHarness : IAsyncDisposable
{
    public static readonly TimeSpan PricingTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(60);

    /// <summary>An already cancelled token: the harness's lists then answer with what they hold now, without waiting.</summary>
    private static readonly CancellationToken Now = new(canceled: true);

    private readonly ServiceProvider _provider;
    private readonly SagaReceipts _receipts = new();

    private FlowHarness(ServiceProvider provider, TestClock clock, SagaLog log)
    {
        _provider = provider;
        Clock = clock;
        Log = log;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = provider.GetRequiredService<OrderStateMachine>();
        Sweeper = provider.GetRequiredService<DeadlineSweeper>();
        DueDeadlines = provider.GetRequiredService<IDueDeadlines>();
    }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }
    public OrderStateMachine Machine { get; }
    public DeadlineSweeper Sweeper { get; }
    public IDueDeadlines DueDeadlines { get; }
    public TestClock Clock { get; }
    public SagaLog Log { get; }

    /// <summary>Starts a harness; with simulators, Product and Payment answer by their documented rules.</summary>
    public static async Task<FlowHarness> StartAsync(bool withSimulators = false)
    {
        var clock = new TestClock();
        var log = new SagaLog();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checkout:PricingTimeout"] = PricingTimeout.ToString(),
            ["Checkout:PaymentTimeout"] = PaymentTimeout.ToString(),
        }).Build();

        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(log))
            .AddSingleton<TimeProvider>(clock)
            .AddOrderSaga(configuration)
            .AddInMemoryOrderStorage();

        // Tests fire deadlines with Sweeper.SweepOnceAsync at the moment they choose; the periodic
        // sweep loop would race them on real time, so it is not started here.
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService)));

        services.AddMassTransitTestHarness(x =>
        {
            // Every wait in these tests ends on a state, a receipt or a reply; the long inactivity
            // window only keeps the harness's Published list waiting for a message that is still on its way.
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(10), testInactivityTimeout: TimeSpan.FromSeconds(5));
            x.AddOrderStateMachine().InMemoryRepository();
            if (withSimulators)
                x.AddOrderSimulators();
        });

        var host = new FlowHarness(services.BuildServiceProvider(true), clock, log);
        host.Harness.Bus.ConnectReceiveObserver(host._receipts);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Submits a checkout through the request client, as the API does, and returns the reply.</summary>
    public async Task<Response> SubmitAsync(SubmitCheckout command)
    {
        var client = Harness.GetRequestClient<SubmitCheckout>();
        return await client.GetResponse<CheckoutAccepted, CheckoutConflict>(command);
    }

    /// <summary>Asks to cancel a checkout through the request client, as the API does, and returns the reply.</summary>
    public async Task<Response> CancelAsync(string requestId, long userId = 101)
    {
        var client = Harness.GetRequestClient<CancelCheckout>();
        return await client.GetResponse<CancellationAccepted, CancellationRefused>(new CancelCheckout { RequestId = requestId, UserId = userId });
    }

    /// <summary>
    /// Publishes a message as another service would and waits until the saga has finished with it
    /// (its outbox released); fails the test if the saga faulted on it.
    /// </summary>
    public async Task PlayAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        var receipt = _receipts.For(messageId);
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        var fault = await receipt.WaitAsync(Harness.TestTimeout);
        Assert.That(fault, Is.Null, $"The saga faulted on {typeof(T).Name}");
    }

    /// <summary>Publishes a message and waits until the saga has finished with it; returns the fault, if any.</summary>
    public async Task<Exception?> PlayExpectingFaultAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        var receipt = _receipts.For(messageId);
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        return await receipt.WaitAsync(Harness.TestTimeout);
    }

    /// <summary>Plays Product: answers the checkout's published request by the simulator's catalog (products N cost N + 0.99 USD).</summary>
    public async Task PriceAsync(string requestId)
    {
        var request = Published<ProductRequestEvent>(r => r.RequestId == requestId).Single();
        await PlayAsync(ProductCatalog.Answer(request));
    }

    /// <summary>Plays Product with an answer the test writes itself.</summary>
    public Task PriceAsync(string requestId, string currency, params ProductResponseItem[] items) =>
        PlayAsync(new ProductResponseEvent { RequestId = requestId, Currency = currency, Items = items });

    /// <summary>Plays Payment: the charge succeeded with transaction id "txn-{requestId}".</summary>
    public Task PayAsync(string requestId) =>
        PlayAsync(new PaymentResponseEvent { RequestId = requestId, Success = true, TransactionId = $"txn-{requestId}" });

    /// <summary>Plays Payment: the charge was declined.</summary>
    public Task DeclineAsync(string requestId, string? reason) =>
        PlayAsync(new PaymentResponseEvent { RequestId = requestId, Success = false, Reason = reason });

    /// <summary>Plays Payment answering a refund.</summary>
    public Task RefundAsync(string requestId, bool success = true, string? reason = null) =>
        PlayAsync(new RefundResponseEvent { RequestId = requestId, Success = success, RefundId = success ? $"rfd-{requestId}" : null, Reason = reason });

    /// <summary>Plays shipping: the order left the warehouse.</summary>
    public Task ShipAsync(string requestId) =>
        PlayAsync(new ShipmentStartedEvent { RequestId = requestId, ShippedAt = Clock.GetUtcNow() });

    /// <summary>Submits the default checkout (2 x product 1, 1 x product 2) and lets Product price it: the saga awaits payment.</summary>
    public async Task<OrderState> StartAwaitingPaymentAsync(string requestId, long userId = 101)
    {
        await SubmitAsync(Checkout(requestId, userId));
        await PriceAsync(requestId);
        return await Reached(requestId, m => m.AwaitingPayment);
    }

    /// <summary>As <see cref="StartAwaitingPaymentAsync"/>, then Payment charges it: the saga is paid.</summary>
    public async Task<OrderState> StartPaidAsync(string requestId, long userId = 101)
    {
        await StartAwaitingPaymentAsync(requestId, userId);
        await PayAsync(requestId);
        return await Reached(requestId, m => m.Paid);
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

    /// <summary>Waits until the saga is in the given state and returns it; fails the test if it never gets there.</summary>
    public async Task<OrderState> Reached(string requestId, Func<OrderStateMachine, State> state)
    {
        Assert.That(await InState(requestId, state), Is.Not.Null, $"Checkout {requestId} never reached {state(Machine).Name}; it is {Find(requestId)?.CurrentState ?? "missing"}");
        return Find(requestId)!;
    }

    /// <summary>The saga for the requestId as it is now (null if there is none), without waiting for it to appear.</summary>
    public OrderState? Find(string requestId) =>
        Saga.Sagas.Select(s => s.CorrelationId == CheckoutId.For(requestId), Now).Select(x => x.Saga).FirstOrDefault();

    /// <summary>How many saga instances were created so far for the requestId, without waiting for more.</summary>
    public int SagasCreated(string requestId) =>
        Saga.Created.Select(s => s.CorrelationId == CheckoutId.For(requestId), Now).Count();

    /// <summary>The messages of a type published so far, without waiting for more.</summary>
    public IReadOnlyList<T> Published<T>(Func<T, bool>? filter = null) where T : class =>
        Harness.Published.Select<T>(Now).Select(x => x.Context.Message).Where(filter ?? (_ => true)).ToList();

    /// <summary>The lifecycle events of one checkout published so far, in order, without waiting for more.</summary>
    public IReadOnlyList<OrderLifecycleEvent> Lifecycle(string requestId) =>
        Published<OrderLifecycleEvent>(e => e.Data.RequestId == requestId);

    /// <summary>Waits (up to the test timeout) until a lifecycle event of the type is published for the checkout.</summary>
    public async Task<OrderLifecycleEvent> LifecycleEvent(string requestId, string type)
    {
        Assert.That(await Harness.Published.Any<OrderLifecycleEvent>(x => x.Context.Message.Data.RequestId == requestId && x.Context.Message.Type == type),
            Is.True, $"No {type} for checkout {requestId}");
        return Lifecycle(requestId).First(e => e.Type == type);
    }

    /// <summary>Whether any Fault&lt;T&gt; has been published so far, without waiting for more.</summary>
    public Task<bool> AnyFaultPublished<T>() where T : class => Harness.Published.Any<Fault<T>>(Now);

    /// <summary>The lines the state machine logged about messages it ignored for this checkout.</summary>
    public IReadOnlyList<string> Ignored(string requestId) =>
        Log.Lines.Where(l => l.StartsWith("Ignored ", StringComparison.Ordinal) && l.Contains($" for checkout {requestId} ", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
