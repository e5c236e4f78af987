using MassTransit;
using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_product_answers_twice
{
    [Test]
    public async Task Should_create_one_order_and_ask_for_payment_once()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("dup-product"));
        await flow.PriceAsync("dup-product");
        var order = await flow.Reached("dup-product", m => m.AwaitingPayment);
        var orderId = order.OrderId;
        var token = order.DeadlineToken;

        await flow.PriceAsync("dup-product");

        var saga = flow.Find("dup-product")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
            Assert.That(saga.OrderId, Is.EqualTo(orderId));
            Assert.That(saga.DeadlineToken, Is.EqualTo(token), "the payment deadline is not re-armed");
            Assert.That(flow.Published<PaymentRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Lifecycle("dup-product").Count(e => e.Type == OrderEventTypes.Created), Is.EqualTo(1));
            Assert.That(flow.Ignored("dup-product"), Has.Some.Contains("ProductAnswered"));
            Assert.That(await flow.AnyFaultPublished<ProductResponseEvent>(), Is.False);
        });
    }
}

[TestFixture]
public class When_payment_answers_twice
{
    [Test]
    public async Task Should_publish_order_paid_once()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("dup-payment");

        await flow.PayAsync("dup-payment");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("dup-payment")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Paid)));
            Assert.That(flow.Lifecycle("dup-payment").Count(e => e.Type == OrderEventTypes.Paid), Is.EqualTo(1));
            Assert.That(flow.Published<RefundRequestEvent>(), Is.Empty);
            Assert.That(flow.Ignored("dup-payment"), Has.Some.Contains("PaymentAnswered"));
            Assert.That(await flow.AnyFaultPublished<PaymentResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_not_refund_twice_when_the_charge_is_redelivered_after_a_refund()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("dup-payment-refunded");
        await flow.CancelAsync("dup-payment-refunded");
        await flow.RefundAsync("dup-payment-refunded");
        await flow.Reached("dup-payment-refunded", m => m.Cancelled);

        await flow.PayAsync("dup-payment-refunded");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("dup-payment-refunded")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Published<RefundRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(await flow.AnyFaultPublished<PaymentResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_not_refund_a_late_charge_twice()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("dup-late-charge");
        await flow.CancelAsync("dup-late-charge");
        await flow.PayAsync("dup-late-charge");
        await When_a_charge_lands_after_the_payment_timeout.RefundRequested(flow, "dup-late-charge");

        await flow.PayAsync("dup-late-charge");
        await flow.RefundAsync("dup-late-charge");
        await flow.LifecycleEvent("dup-late-charge", OrderEventTypes.Refunded);
        await flow.PayAsync("dup-late-charge");

        Assert.Multiple(() =>
        {
            Assert.That(flow.Find("dup-late-charge")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Published<RefundRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Lifecycle("dup-late-charge").Count(e => e.Type == OrderEventTypes.Refunded), Is.EqualTo(1));
        });
    }
}

[TestFixture]
public class When_payment_answers_before_product
{
    [Test]
    public async Task Should_ignore_it_while_pricing()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("early-payment"));

        await flow.PayAsync("early-payment");

        var saga = flow.Find("early-payment")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Pricing)));
            Assert.That(saga.PaymentTransactionId, Is.Null);
            Assert.That(flow.Lifecycle("early-payment"), Is.Empty);
            Assert.That(flow.Ignored("early-payment"), Has.Some.Contains("PaymentAnswered"));
            Assert.That(await flow.AnyFaultPublished<PaymentResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_still_complete_normally_afterwards()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("early-payment-2"));
        await flow.PayAsync("early-payment-2");

        await flow.PriceAsync("early-payment-2");
        await flow.Reached("early-payment-2", m => m.AwaitingPayment);
        await flow.PayAsync("early-payment-2");

        await flow.Reached("early-payment-2", m => m.Paid);
        await flow.LifecycleEvent("early-payment-2", OrderEventTypes.Paid);
        Assert.That(flow.Lifecycle("early-payment-2").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.Paid }));
    }
}

[TestFixture]
public class When_a_refund_answer_comes_while_not_refunding
{
    [Test]
    public async Task Should_ignore_it_while_paid()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("stray-refund");

        await flow.RefundAsync("stray-refund");

        var saga = flow.Find("stray-refund")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Paid)));
            Assert.That(saga.RefundId, Is.Null);
            Assert.That(saga.CancelledAt, Is.Null);
            Assert.That(flow.Lifecycle("stray-refund").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Refunded));
            Assert.That(flow.Ignored("stray-refund"), Has.Some.Contains("RefundAnswered"));
            Assert.That(await flow.AnyFaultPublished<RefundResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_ignore_a_repeated_refund_after_cancelled()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("dup-refund");
        await flow.CancelAsync("dup-refund");
        await flow.RefundAsync("dup-refund");
        await flow.Reached("dup-refund", m => m.Cancelled);

        await flow.RefundAsync("dup-refund");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("dup-refund")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Lifecycle("dup-refund").Count(e => e.Type == OrderEventTypes.Refunded), Is.EqualTo(1));
            Assert.That(flow.Lifecycle("dup-refund").Count(e => e.Type == OrderEventTypes.Cancelled), Is.EqualTo(1));
            Assert.That(await flow.AnyFaultPublished<RefundResponseEvent>(), Is.False);
        });
    }
}

[TestFixture]
public class When_shipping_is_reported_twice
{
    [Test]
    public async Task Should_publish_order_shipped_once()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("dup-ship");
        await flow.ShipAsync("dup-ship");
        await flow.Reached("dup-ship", m => m.Shipped);

        await flow.ShipAsync("dup-ship");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Lifecycle("dup-ship").Count(e => e.Type == OrderEventTypes.Shipped), Is.EqualTo(1));
            Assert.That(await flow.AnyFaultPublished<ShipmentStartedEvent>(), Is.False);
        });
    }
}

[TestFixture]
public class When_an_answer_names_no_known_checkout
{
    // The fault checks above are only worth something if a fault would show: this one must.
    [Test]
    public async Task Should_fault_so_the_message_reaches_the_error_queue()
    {
        await using var flow = await FlowHarness.StartAsync();

        var fault = await flow.PlayExpectingFaultAsync(new PaymentResponseEvent { RequestId = "nobody", Success = true, TransactionId = "txn-nobody" });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(fault, Is.Not.Null);
            Assert.That(await flow.Harness.Published.Any<Fault<PaymentResponseEvent>>(), Is.True);
            Assert.That(flow.Find("nobody"), Is.Null);
        });
    }
}
