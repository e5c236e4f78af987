using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_payment_charges_the_order
{
    [Test]
    public async Task Should_end_in_paid_with_the_transaction_and_no_deadline()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("pay-1");

        await flow.PayAsync("pay-1");

        var saga = await flow.Reached("pay-1", m => m.Paid);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentTransactionId, Is.EqualTo("txn-pay-1"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.DeadlineToken, Is.Null);
            Assert.That(saga.ReasonCode, Is.Null);
            Assert.That(saga.TotalAmount, Is.EqualTo(6.97m));
        });
    }

    [Test]
    public async Task Should_publish_order_created_then_order_paid()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("pay-2");

        await flow.PayAsync("pay-2");

        var paid = await flow.LifecycleEvent("pay-2", OrderEventTypes.Paid);
        var created = flow.Lifecycle("pay-2")[0];
        Assert.Multiple(() =>
        {
            Assert.That(flow.Lifecycle("pay-2").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.Paid }));
            Assert.That(paid.Data.OrderId, Is.EqualTo(created.Data.OrderId));
            Assert.That(paid.Data.TotalAmount, Is.EqualTo("6.97"));
            Assert.That(paid.Data.Currency, Is.EqualTo("USD"));
            Assert.That(paid.Data.Status, Is.EqualTo("paid"));
            Assert.That(paid.Data.Reason, Is.Null);
            Assert.That(paid.Data.Items.Select(i => (i.ProductId, i.Quantity, i.Price)), Is.EqualTo(new[] { (1, 2, 1.99m), (2, 1, 2.99m) }));
            Assert.That(paid.Id, Is.Not.EqualTo(created.Id), "each event of an order has its own id");
        });
    }
}

[TestFixture]
public class When_payment_is_declined
{
    [Test]
    public async Task Should_end_in_payment_failed_with_the_reason_from_payment()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("decline-1");

        await flow.DeclineAsync("decline-1", "Card expired");

        var saga = await flow.Reached("decline-1", m => m.PaymentFailed);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.PaymentDeclined));
            Assert.That(saga.Reason, Is.EqualTo("Card expired"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.PaymentTransactionId, Is.Null);
        });
    }

    [Test]
    public async Task Should_say_the_payment_was_declined_when_payment_gives_no_reason()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("decline-2");

        await flow.DeclineAsync("decline-2", reason: null);

        Assert.That((await flow.Reached("decline-2", m => m.PaymentFailed)).Reason, Is.EqualTo("Payment was declined"));
    }

    [Test]
    public async Task Should_publish_order_payment_failed()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("decline-3");

        await flow.DeclineAsync("decline-3", "Insufficient funds");

        var failed = await flow.LifecycleEvent("decline-3", OrderEventTypes.PaymentFailed);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Data.Status, Is.EqualTo("payment_failed"));
            Assert.That(failed.Data.Reason, Is.EqualTo(ReasonCodes.PaymentDeclined));
            Assert.That(failed.Data.TotalAmount, Is.EqualTo("6.97"));
            Assert.That(flow.Lifecycle("decline-3").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.PaymentFailed }));
        });
    }

    [Test]
    public async Task Should_end_in_payment_failed_through_the_simulated_payment_service()
    {
        await using var flow = await FlowHarness.StartAsync(withSimulators: true);

        // 11 x product 999 at 999.99 is 10,999.89: above the simulated Payment's limit of 10,000.00.
        await flow.SubmitAsync(FlowHarness.Checkout("decline-sim", 101, (999, 11)));

        var saga = await flow.Reached("decline-sim", m => m.PaymentFailed);
        Assert.That(saga.Reason, Is.EqualTo("Amount 10999.89 USD exceeds the limit of 10000.00"));
    }
}

[TestFixture]
public class When_a_paid_order_ships
{
    [Test]
    public async Task Should_end_in_shipped_and_publish_order_shipped()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("ship-1");

        await flow.ShipAsync("ship-1");

        await flow.Reached("ship-1", m => m.Shipped);
        var shipped = await flow.LifecycleEvent("ship-1", OrderEventTypes.Shipped);
        Assert.Multiple(() =>
        {
            Assert.That(shipped.Data.Status, Is.EqualTo("shipped"));
            Assert.That(flow.Lifecycle("ship-1").Select(e => e.Type),
                Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.Paid, OrderEventTypes.Shipped }));
        });
    }

    [Test]
    public async Task Should_not_ship_an_order_that_is_not_paid()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("ship-2");

        await flow.ShipAsync("ship-2");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("ship-2")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
            Assert.That(flow.Lifecycle("ship-2").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Shipped));
            Assert.That(await flow.AnyFaultPublished<ShipmentStartedEvent>(), Is.False);
        });
    }
}
