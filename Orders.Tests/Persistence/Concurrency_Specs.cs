using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Simulators;
using Orders.StateMachine.Checkout;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_50_copies_of_a_product_answer_arrive_at_once
{
    private const int Copies = 50;

    /// <summary>How many of the copies are made to price the checkout side by side before any of them saves.</summary>
    private const int Racers = 10;

    private static readonly string[] PricedTimeline = ["Pricing", "AwaitingPayment"];

    [Test]
    public async Task Should_create_one_order_and_request_payment_once()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var gate = new GatedOrderNumbers.Gate(Racers);
        await using var host = await SagaHost.StartAsync(database, new TestClock(), concurrency: Copies, configure: services =>
            services.Replace(ServiceDescriptor.Scoped<IOrderNumbers>(sp => new GatedOrderNumbers(ActivatorUtilities.CreateInstance<PostgresOrderNumbers>(sp), gate))));
        var checkout = FlowHarness.Checkout("pg-race-1");
        await host.SubmitAsync(checkout);
        Assert.That(await host.InState("pg-race-1", m => m.Pricing), Is.Not.Null);

        var answer = ProductCatalog.Answer(new ProductRequestEvent
        {
            RequestId = checkout.RequestId,
            UserId = checkout.UserId,
            Email = checkout.Email,
            Items = checkout.Items,
        });
        await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => host.Harness.Bus.Publish(answer)));
        await host.Harness.InactivityTask;

        await using var db = database.CreateDbContext();
        var saga = await db.Checkouts.AsNoTracking().SingleAsync(s => s.RequestId == "pg-race-1");
        var orders = await db.Orders.AsNoTracking().Where(o => o.RequestId == "pg-race-1").ToListAsync();
        var paymentRequests = host.Harness.Published.Select<PaymentRequestEvent>().ToList();
        var storedPaymentRequests = await db.OutboxMessages.CountAsync(m => m.RequestId == "pg-race-1" && m.MessageType.StartsWith(typeof(PaymentRequestEvent).FullName!));
        var orderNumbersDrawn = await db.Database.SqlQueryRaw<long>("SELECT last_value AS \"Value\" FROM order_numbers").SingleAsync();
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.RequestId == "pg-race-1").OrderBy(t => t.Id).Select(t => t.State).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("AwaitingPayment"));
            Assert.That(orders, Has.Count.EqualTo(1));
            Assert.That(orders.Single().Id, Is.EqualTo(saga.OrderId));
            Assert.That(paymentRequests, Has.Count.EqualTo(1));
            Assert.That(paymentRequests.Single().Context.Message.OrderId, Is.EqualTo(saga.OrderId));
            Assert.That(storedPaymentRequests, Is.EqualTo(1), "the outbox rows of the rolled-back deliveries went with them");
            Assert.That(host.Harness.Published.Select<Fault<ProductResponseEvent>>().Any(), Is.False);
            Assert.That(orderNumbersDrawn, Is.GreaterThanOrEqualTo(Racers), "the racers each priced the checkout; all but one were rolled back");
            Assert.That(timeline, Is.EqualTo(PricedTimeline), "the timeline rows of the rolled-back deliveries went with them");
        });
    }
}

[TestFixture]
public class When_200_checkouts_run_in_parallel
{
    private const int Checkouts = 200;

    [Test]
    public async Task Should_create_200_paid_orders_with_distinct_ids()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true);

        var replies = await Task.WhenAll(Enumerable.Range(1, Checkouts)
            .Select(i => host.SubmitAsync(FlowHarness.Checkout($"pg-bulk-{i}", 1000 + i % 7, (i % 50 + 1, 1)))));
        await host.Harness.InactivityTask;

        await using var db = database.CreateDbContext();
        var orders = await db.Orders.AsNoTracking().Select(o => new { o.Id, o.RequestId, o.Status }).ToListAsync();
        var sagaOrderIds = await db.Checkouts.AsNoTracking().Select(s => s.OrderId).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Message), Is.All.InstanceOf<CheckoutAccepted>());
            Assert.That(orders, Has.Count.EqualTo(Checkouts));
            Assert.That(orders.Select(o => o.Id).Distinct().Count(), Is.EqualTo(Checkouts));
            Assert.That(orders.Select(o => o.RequestId).Distinct().Count(), Is.EqualTo(Checkouts));
            Assert.That(orders.Select(o => o.Status), Is.All.EqualTo("paid"));
            Assert.That(sagaOrderIds, Is.EquivalentTo(orders.Select(o => (long?)o.Id)));
        });
    }
}
