using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Simulators;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Reading;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_checkout_is_paid_on_postgres
{
    [Test]
    public async Task Should_store_the_paid_checkout_and_its_order_rows()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true);

        var reply = await host.SubmitAsync(FlowHarness.Checkout("pg-paid-1", 101, (1, 2), (2, 1)));

        Assert.That(reply.Message, Is.InstanceOf<CheckoutAccepted>());
        Assert.That(await host.InState("pg-paid-1", m => m.Paid), Is.Not.Null);

        await using var db = database.CreateDbContext();
        var saga = await db.Checkouts.AsNoTracking().SingleAsync(s => s.RequestId == "pg-paid-1");
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.RequestId == "pg-paid-1");
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Paid"));
            Assert.That(saga.TotalAmount, Is.EqualTo(2 * 1.99m + 2.99m));
            Assert.That(saga.Currency, Is.EqualTo("USD"));
            Assert.That(saga.PaymentTransactionId, Is.EqualTo("txn-pg-paid-1"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.Lines.Select(l => (l.ProductId, l.Quantity, l.UnitPrice, l.LineTotal)),
                Is.EqualTo(new[] { (1, 2, (decimal?)1.99m, (decimal?)3.98m), (2, 1, 2.99m, 2.99m) }));
            Assert.That(order.Id, Is.EqualTo(saga.OrderId));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Paid));
            Assert.That(order.TotalAmount, Is.EqualTo(6.97m));
            Assert.That(order.Items.OrderBy(i => i.LineNumber).Select(i => (i.ProductId, i.Name, i.Quantity, i.UnitPrice, i.LineTotal)),
                Is.EqualTo(new[] { (1, "Product 1", 2, 1.99m, 3.98m), (2, "Product 2", 1, 2.99m, 2.99m) }));
        });
    }

    [Test]
    public async Task Should_serve_it_through_the_saga_repository_interfaces()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true);
        await host.SubmitAsync(FlowHarness.Checkout("pg-repo-1"));
        Assert.That(await host.InState("pg-repo-1", m => m.Paid), Is.Not.Null);

        var id = CheckoutId.For("pg-repo-1");
        var loaded = await host.Services.GetRequiredService<ILoadSagaRepository<OrderState>>().Load(id);
        var found = await host.Services.GetRequiredService<IQuerySagaRepository<OrderState>>()
            .Find(new ExpressionSagaQuery<OrderState>(s => s.UserId == 101 && s.CurrentState == "Paid"));
        var repository = host.Services.GetRequiredService<ISagaRepository<OrderState>>();

        Assert.Multiple(() =>
        {
            Assert.That(loaded?.CurrentState, Is.EqualTo("Paid"));
            Assert.That(found, Is.EqualTo(new[] { id }));
            Assert.That(repository, Is.Not.Null);
        });
    }
}

[TestFixture]
public class When_a_saga_step_runs_on_postgres
{
    [Test]
    public async Task Should_hand_its_activities_the_DbContext_of_its_own_transaction()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true);
        var observer = new StepTransactionObserver();
        using var _ = host.Machine.ConnectStateObserver(observer);

        await host.SubmitAsync(FlowHarness.Checkout("pg-payload-1"));
        Assert.That(await host.InState("pg-payload-1", m => m.Paid), Is.Not.Null);

        await using var db = database.CreateDbContext();
        var rowVersion = await db.Database.SqlQueryRaw<long>("SELECT xmin::text::bigint AS \"Value\" FROM checkout_sagas WHERE request_id = 'pg-payload-1'").SingleAsync();
        Assert.That(observer.TransactionOf("Paid"), Is.EqualTo(rowVersion), "the step that made the checkout Paid wrote it in the activity's transaction");
    }

    /// <summary>Stands in for an activity: on each transition, asks the step's DbContext which transaction it is in.</summary>
    private sealed class StepTransactionObserver : IStateObserver<OrderState>
    {
        private readonly Dictionary<string, long> _transactions = [];

        public long? TransactionOf(string state)
        {
            lock (_transactions)
                return _transactions.TryGetValue(state, out var id) ? id : null;
        }

        public async Task StateChanged(BehaviorContext<OrderState> context, State currentState, State previousState)
        {
            var db = context.GetPayload<OrdersDbContext>();
            var id = await db.Database.SqlQueryRaw<long>("SELECT txid_current() AS \"Value\"").SingleAsync();
            lock (_transactions)
                _transactions[currentState.Name] = id;
        }
    }
}

[TestFixture]
public class When_the_same_checkout_is_submitted_at_once
{
    [Test]
    public async Task Should_insert_it_once_and_accept_every_submit()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock(), concurrency: 20);

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.SubmitAsync(FlowHarness.Checkout("pg-dup-1"))));
        await host.Harness.InactivityTask;

        await using var db = database.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(replies.Select(r => r.Message), Is.All.InstanceOf<CheckoutAccepted>());
            Assert.That(await db.Checkouts.CountAsync(s => s.RequestId == "pg-dup-1"), Is.EqualTo(1));
            Assert.That(host.Harness.Published.Select<ProductRequestEvent>().Count(), Is.EqualTo(1));
            Assert.That(host.Harness.Published.Select<Fault<SubmitCheckout>>().Any(), Is.False);
        });
    }
}

[TestFixture]
public class When_a_new_host_takes_over_a_checkout
{
    [Test]
    public async Task Should_resume_it_from_the_database_and_end_paid()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        var checkout = FlowHarness.Checkout("pg-resume-1");

        await using (var first = await SagaHost.StartAsync(database, clock))
        {
            await first.SubmitAsync(checkout);
            Assert.That(await first.InState("pg-resume-1", m => m.Pricing), Is.Not.Null);
            await first.Harness.Bus.Publish(ProductCatalog.Answer(new ProductRequestEvent
            {
                RequestId = checkout.RequestId,
                UserId = checkout.UserId,
                Email = checkout.Email,
                Items = checkout.Items,
            }));
            Assert.That(await first.InState("pg-resume-1", m => m.AwaitingPayment), Is.Not.Null);
        }

        await using var second = await SagaHost.StartAsync(database, clock);
        await second.Harness.Bus.Publish(new PaymentResponseEvent { RequestId = "pg-resume-1", Success = true, TransactionId = "txn-resumed" });

        Assert.That(await second.InState("pg-resume-1", m => m.Paid), Is.Not.Null);
        var saga = await second.ReadCheckoutAsync("pg-resume-1");
        Assert.Multiple(() =>
        {
            Assert.That(saga!.PaymentTransactionId, Is.EqualTo("txn-resumed"));
            Assert.That(saga.OrderId, Is.Not.Null);
            Assert.That(saga.TotalAmount, Is.EqualTo(6.97m));
        });
    }
}
