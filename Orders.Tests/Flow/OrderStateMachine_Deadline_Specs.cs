using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_product_does_not_answer_in_time
{
    [Test]
    public async Task Should_not_fire_before_the_pricing_timeout()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("late-product-1"));

        flow.Clock.Advance(FlowHarness.PricingTimeout - TimeSpan.FromMilliseconds(1));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.Zero);
            Assert.That(flow.Find("late-product-1")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Pricing)));
        });
    }

    [Test]
    public async Task Should_end_in_timed_out_saying_product_did_not_respond()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("late-product-2"));

        flow.Clock.Advance(FlowHarness.PricingTimeout + TimeSpan.FromSeconds(1));

        Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.EqualTo(1));
        var saga = await flow.Reached("late-product-2", m => m.TimedOut);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.ProductTimedOut));
            Assert.That(saga.Reason, Is.EqualTo("Product Service did not respond"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.DeadlineToken, Is.Null);
        });
    }

    [Test]
    public async Task Should_fire_only_once()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("late-product-3"));
        flow.Clock.Advance(FlowHarness.PricingTimeout);
        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);
        await flow.Reached("late-product-3", m => m.TimedOut);

        flow.Clock.Advance(FlowHarness.PaymentTimeout);

        Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Should_ignore_a_product_answer_that_comes_after_the_timeout()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("late-product-4"));
        flow.Clock.Advance(FlowHarness.PricingTimeout);
        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);
        await flow.Reached("late-product-4", m => m.TimedOut);

        await flow.PriceAsync("late-product-4");

        var saga = flow.Find("late-product-4")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(saga.OrderId, Is.Null);
            Assert.That(flow.Published<PaymentRequestEvent>(), Is.Empty);
            Assert.That(flow.Lifecycle("late-product-4"), Is.Empty);
            Assert.That(flow.Ignored("late-product-4"), Has.Some.Contains("ProductAnswered"));
            Assert.That(await flow.AnyFaultPublished<ProductResponseEvent>(), Is.False);
        });
    }
}

[TestFixture]
public class When_payment_does_not_answer_in_time
{
    [Test]
    public async Task Should_not_fire_before_the_payment_timeout()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("late-payment-1"));
        flow.Clock.Advance(TimeSpan.FromSeconds(10));
        await flow.PriceAsync("late-payment-1");
        await flow.Reached("late-payment-1", m => m.AwaitingPayment);

        // Past the pricing deadline, but that one was replaced when Product answered.
        flow.Clock.Advance(FlowHarness.PaymentTimeout - TimeSpan.FromSeconds(1));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.Zero);
            Assert.That(flow.Find("late-payment-1")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
        });
    }

    [Test]
    public async Task Should_end_in_timed_out_saying_payment_did_not_respond()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("late-payment-2");

        flow.Clock.Advance(FlowHarness.PaymentTimeout);

        Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.EqualTo(1));
        var saga = await flow.Reached("late-payment-2", m => m.TimedOut);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.PaymentTimedOut));
            Assert.That(saga.Reason, Is.EqualTo("Payment Service did not respond"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.DeadlineToken, Is.Null);
        });
    }

    [Test]
    public async Task Should_publish_order_timed_out()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("late-payment-3");
        flow.Clock.Advance(FlowHarness.PaymentTimeout);

        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);

        var timedOut = await flow.LifecycleEvent("late-payment-3", OrderEventTypes.TimedOut);
        Assert.Multiple(() =>
        {
            Assert.That(timedOut.Data.Status, Is.EqualTo("timed_out"));
            Assert.That(timedOut.Data.Reason, Is.EqualTo(ReasonCodes.PaymentTimedOut));
            Assert.That(flow.Lifecycle("late-payment-3").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.TimedOut }));
        });
    }

    [Test]
    public async Task Should_ignore_a_late_decline()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("late-payment-6");
        flow.Clock.Advance(FlowHarness.PaymentTimeout);
        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);
        await flow.Reached("late-payment-6", m => m.TimedOut);

        await flow.DeclineAsync("late-payment-6", "Card expired");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("late-payment-6")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(flow.Find("late-payment-6")!.ReasonCode, Is.EqualTo(ReasonCodes.PaymentTimedOut));
            Assert.That(flow.Published<RefundRequestEvent>(), Is.Empty);
            Assert.That(await flow.AnyFaultPublished<PaymentResponseEvent>(), Is.False);
        });
    }
}

[TestFixture]
public class When_a_deadline_notice_is_stale
{
    [Test]
    public async Task Should_ignore_the_pricing_deadline_once_product_has_answered()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("stale-1"));
        flow.Clock.Advance(FlowHarness.PricingTimeout);
        // The sweep found the deadline due, but Product's answer overtakes the notice.
        var notice = (await flow.DueDeadlines.FindDueAsync(flow.Clock.GetUtcNow(), 10, CancellationToken.None)).Single();
        await flow.PriceAsync("stale-1");
        var paymentToken = (await flow.Reached("stale-1", m => m.AwaitingPayment)).DeadlineToken;

        await flow.PlayAsync(notice);

        var saga = flow.Find("stale-1")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(notice.DeadlineToken, Is.Not.EqualTo(paymentToken));
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
            Assert.That(saga.DeadlineToken, Is.EqualTo(paymentToken), "the payment deadline stays armed");
            Assert.That(saga.ReasonCode, Is.Null);
            Assert.That(flow.Ignored("stale-1"), Has.Some.Contains("stale deadline"));
            Assert.That(await flow.AnyFaultPublished<CheckoutDeadlineExpired>(), Is.False);
        });
    }

    [Test]
    public async Task Should_ignore_the_payment_deadline_once_payment_has_answered()
    {
        await using var flow = await FlowHarness.StartAsync();
        var paymentToken = (await flow.StartAwaitingPaymentAsync("stale-2")).DeadlineToken!.Value;
        await flow.PayAsync("stale-2");
        await flow.Reached("stale-2", m => m.Paid);

        await flow.PlayAsync(new CheckoutDeadlineExpired { RequestId = "stale-2", DeadlineToken = paymentToken });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("stale-2")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Paid)));
            Assert.That(flow.Lifecycle("stale-2").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.Paid }));
            Assert.That(await flow.AnyFaultPublished<CheckoutDeadlineExpired>(), Is.False);
        });
    }

    [Test]
    public async Task Should_ignore_a_notice_whose_token_is_not_the_current_one()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("stale-3");

        await flow.PlayAsync(new CheckoutDeadlineExpired { RequestId = "stale-3", DeadlineToken = Guid.NewGuid() });

        Assert.That(flow.Find("stale-3")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
    }

    [Test]
    public async Task Should_discard_a_notice_for_a_checkout_that_does_not_exist()
    {
        await using var flow = await FlowHarness.StartAsync();

        await flow.PlayAsync(new CheckoutDeadlineExpired { RequestId = "stale-nobody", DeadlineToken = Guid.NewGuid() });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("stale-nobody"), Is.Null);
            Assert.That(await flow.AnyFaultPublished<CheckoutDeadlineExpired>(), Is.False);
        });
    }
}
