using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_cancelled_while_pricing
{
    [Test]
    public async Task Should_end_in_cancelled()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("cancel-pricing-1"));

        var reply = await flow.CancelAsync("cancel-pricing-1");

        var saga = await flow.Reached("cancel-pricing-1", m => m.Cancelled);
        Assert.Multiple(() =>
        {
            Assert.That(reply.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(((CancellationAccepted)reply.Message).State, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.CancelledByUser));
            Assert.That(saga.CancelledAt, Is.EqualTo(flow.Clock.GetUtcNow()));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(flow.Lifecycle("cancel-pricing-1"), Is.Empty, "no order was created, so none is cancelled");
        });
    }

    [Test]
    public async Task Should_ignore_the_product_answer_that_follows()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("cancel-pricing-2"));
        await flow.CancelAsync("cancel-pricing-2");

        await flow.PriceAsync("cancel-pricing-2");

        var saga = flow.Find("cancel-pricing-2")!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(saga.OrderId, Is.Null);
            Assert.That(flow.Published<PaymentRequestEvent>(), Is.Empty);
            Assert.That(flow.Ignored("cancel-pricing-2"), Has.Some.Contains("ProductAnswered"));
            Assert.That(await flow.AnyFaultPublished<ProductResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_not_fire_the_pricing_deadline()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("cancel-pricing-3"));
        await flow.CancelAsync("cancel-pricing-3");

        flow.Clock.Advance(FlowHarness.PricingTimeout);

        Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.Zero);
    }
}

[TestFixture]
public class When_cancelled_while_awaiting_payment
{
    [Test]
    public async Task Should_end_in_cancelled_and_publish_order_cancelled()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-awaiting-1");

        var reply = await flow.CancelAsync("cancel-awaiting-1");

        var saga = await flow.Reached("cancel-awaiting-1", m => m.Cancelled);
        var cancelled = await flow.LifecycleEvent("cancel-awaiting-1", OrderEventTypes.Cancelled);
        Assert.Multiple(() =>
        {
            Assert.That(reply.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(saga.CancelledAt, Is.Not.Null);
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(cancelled.Data.Status, Is.EqualTo("cancelled"));
            Assert.That(cancelled.Data.Reason, Is.EqualTo(ReasonCodes.CancelledByUser));
            Assert.That(flow.Published<RefundRequestEvent>(), Is.Empty, "nothing was charged yet");
        });
    }

    [Test]
    public async Task Should_refund_a_charge_that_lands_after_the_cancel()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-awaiting-2");
        await flow.CancelAsync("cancel-awaiting-2");

        await flow.PayAsync("cancel-awaiting-2");

        await When_a_charge_lands_after_the_payment_timeout.RefundRequested(flow, "cancel-awaiting-2");
        var saga = flow.Find("cancel-awaiting-2")!;
        Assert.Multiple(() =>
        {
            Assert.That(flow.Published<RefundRequestEvent>().Single().TransactionId, Is.EqualTo("txn-cancel-awaiting-2"));
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)), "the cancel the user was told of stays");
            Assert.That(saga.PaymentTransactionId, Is.EqualTo("txn-cancel-awaiting-2"));
            Assert.That(flow.Lifecycle("cancel-awaiting-2").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Paid), "a cancelled order is never paid");
        });
    }

    [Test]
    public async Task Should_stay_cancelled_when_that_late_charge_is_refunded()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-awaiting-3");
        await flow.CancelAsync("cancel-awaiting-3");
        await flow.PayAsync("cancel-awaiting-3");
        await When_a_charge_lands_after_the_payment_timeout.RefundRequested(flow, "cancel-awaiting-3");

        await flow.RefundAsync("cancel-awaiting-3");

        await flow.LifecycleEvent("cancel-awaiting-3", OrderEventTypes.Refunded);
        Assert.That(flow.Find("cancel-awaiting-3")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
        Assert.That(flow.Lifecycle("cancel-awaiting-3").Select(e => e.Type), Is.EqualTo(new[]
        {
            OrderEventTypes.Created, OrderEventTypes.Cancelled, OrderEventTypes.Refunded,
        }), "order.cancelled is published once, at the cancel");
    }

    [Test]
    public async Task Should_ignore_a_decline_that_lands_after_the_cancel()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-awaiting-4");
        await flow.CancelAsync("cancel-awaiting-4");

        await flow.DeclineAsync("cancel-awaiting-4", "Card expired");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(flow.Find("cancel-awaiting-4")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Published<RefundRequestEvent>(), Is.Empty);
            Assert.That(flow.Lifecycle("cancel-awaiting-4").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.PaymentFailed));
            Assert.That(await flow.AnyFaultPublished<PaymentResponseEvent>(), Is.False);
        });
    }

    [Test]
    public async Task Should_not_fire_the_payment_deadline()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-awaiting-5");
        await flow.CancelAsync("cancel-awaiting-5");

        flow.Clock.Advance(FlowHarness.PaymentTimeout);

        Assert.That(await flow.Sweeper.SweepOnceAsync(CancellationToken.None), Is.Zero);
    }
}

[TestFixture]
public class When_cancelled_after_payment
{
    [Test]
    public async Task Should_move_to_refunding_and_ask_payment_for_a_refund()
    {
        await using var flow = await FlowHarness.StartAsync();
        var order = await flow.StartPaidAsync("cancel-paid-1");

        var reply = await flow.CancelAsync("cancel-paid-1");

        await flow.Reached("cancel-paid-1", m => m.Refunding);
        var refund = flow.Published<RefundRequestEvent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(reply.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(((CancellationAccepted)reply.Message).State, Is.EqualTo(nameof(OrderStateMachine.Refunding)));
            Assert.That(refund.RequestId, Is.EqualTo("cancel-paid-1"));
            Assert.That(refund.OrderId, Is.EqualTo(order.OrderId));
            Assert.That(refund.TransactionId, Is.EqualTo("txn-cancel-paid-1"));
            Assert.That(refund.Amount, Is.EqualTo(6.97m));
            Assert.That(refund.Currency, Is.EqualTo("USD"));
            Assert.That(flow.Lifecycle("cancel-paid-1").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Cancelled), "not cancelled until the money is back");
        });
    }

    [Test]
    public async Task Should_end_in_cancelled_and_publish_order_cancelled_and_order_refunded()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("cancel-paid-2");
        await flow.CancelAsync("cancel-paid-2");
        await flow.Reached("cancel-paid-2", m => m.Refunding);

        await flow.RefundAsync("cancel-paid-2");

        var saga = await flow.Reached("cancel-paid-2", m => m.Cancelled);
        var refunded = await flow.LifecycleEvent("cancel-paid-2", OrderEventTypes.Refunded);
        Assert.Multiple(() =>
        {
            Assert.That(saga.RefundId, Is.EqualTo("rfd-cancel-paid-2"));
            Assert.That(saga.CancelledAt, Is.Not.Null);
            Assert.That(refunded.Data.TotalAmount, Is.EqualTo("6.97"));
            Assert.That(flow.Lifecycle("cancel-paid-2").Select(e => e.Type), Is.EqualTo(new[]
            {
                OrderEventTypes.Created, OrderEventTypes.Paid, OrderEventTypes.Cancelled, OrderEventTypes.Refunded,
            }));
        });
    }

    [Test]
    public async Task Should_end_in_refund_failed_when_payment_declines_the_refund()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("cancel-paid-3");
        await flow.CancelAsync("cancel-paid-3");
        await flow.Reached("cancel-paid-3", m => m.Refunding);

        await flow.RefundAsync("cancel-paid-3", success: false, reason: "Card account closed");

        var saga = await flow.Reached("cancel-paid-3", m => m.RefundFailed);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.RefundDeclined));
            Assert.That(saga.Reason, Is.EqualTo("Card account closed"));
            Assert.That(saga.RefundId, Is.Null);
            Assert.That(flow.Lifecycle("cancel-paid-3").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Refunded));
        });
    }

    [Test]
    public async Task Should_say_the_refund_was_declined_when_payment_gives_no_reason()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("cancel-paid-4");
        await flow.CancelAsync("cancel-paid-4");
        await flow.Reached("cancel-paid-4", m => m.Refunding);

        await flow.RefundAsync("cancel-paid-4", success: false);

        Assert.That((await flow.Reached("cancel-paid-4", m => m.RefundFailed)).Reason, Is.EqualTo("Refund was declined"));
    }

    [Test]
    public async Task Should_end_in_cancelled_through_the_simulated_services()
    {
        await using var flow = await FlowHarness.StartAsync(withSimulators: true);
        await flow.SubmitAsync(FlowHarness.Checkout("cancel-sim"));
        await flow.Reached("cancel-sim", m => m.Paid);

        await flow.CancelAsync("cancel-sim");

        var saga = await flow.Reached("cancel-sim", m => m.Cancelled);
        await flow.LifecycleEvent("cancel-sim", OrderEventTypes.Refunded);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentTransactionId, Is.EqualTo("txn-cancel-sim"));
            Assert.That(saga.RefundId, Is.EqualTo("rfd-cancel-sim"));
        });
    }
}

[TestFixture]
public class When_cancelled_again
{
    [Test]
    public async Task Should_accept_again_without_a_second_refund_request()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("cancel-again-1");
        await flow.CancelAsync("cancel-again-1");
        await flow.Reached("cancel-again-1", m => m.Refunding);

        var whileRefunding = await flow.CancelAsync("cancel-again-1");
        await flow.RefundAsync("cancel-again-1");
        await flow.Reached("cancel-again-1", m => m.Cancelled);
        var afterRefund = await flow.CancelAsync("cancel-again-1");

        Assert.Multiple(() =>
        {
            Assert.That(whileRefunding.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(((CancellationAccepted)whileRefunding.Message).State, Is.EqualTo(nameof(OrderStateMachine.Refunding)));
            Assert.That(afterRefund.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(((CancellationAccepted)afterRefund.Message).State, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Published<RefundRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Lifecycle("cancel-again-1").Count(e => e.Type == OrderEventTypes.Cancelled), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_accept_again_before_payment_without_a_second_order_cancelled()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-again-2");
        await flow.CancelAsync("cancel-again-2");
        await flow.Reached("cancel-again-2", m => m.Cancelled);

        var again = await flow.CancelAsync("cancel-again-2");

        Assert.Multiple(() =>
        {
            Assert.That(again.Message, Is.InstanceOf<CancellationAccepted>());
            Assert.That(flow.Lifecycle("cancel-again-2").Count(e => e.Type == OrderEventTypes.Cancelled), Is.EqualTo(1));
        });
    }
}

[TestFixture]
public class When_cancelled_too_late
{
    [Test]
    public async Task Should_refuse_in_shipped()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("refuse-shipped");
        await flow.ShipAsync("refuse-shipped");
        await flow.Reached("refuse-shipped", m => m.Shipped);

        await AssertRefused(flow, "refuse-shipped", nameof(OrderStateMachine.Shipped));
    }

    [Test]
    public async Task Should_refuse_in_rejected()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("refuse-rejected", 101, (1, 1)));
        await flow.PriceAsync("refuse-rejected", "USD", new ProductResponseItem { ProductId = 1, Name = "Widget", Available = false });
        await flow.Reached("refuse-rejected", m => m.Rejected);

        await AssertRefused(flow, "refuse-rejected", nameof(OrderStateMachine.Rejected));
    }

    [Test]
    public async Task Should_refuse_in_payment_failed()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("refuse-failed");
        await flow.DeclineAsync("refuse-failed", "Card expired");
        await flow.Reached("refuse-failed", m => m.PaymentFailed);

        await AssertRefused(flow, "refuse-failed", nameof(OrderStateMachine.PaymentFailed));
    }

    [Test]
    public async Task Should_refuse_in_timed_out()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("refuse-timed-out"));
        flow.Clock.Advance(FlowHarness.PricingTimeout);
        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);
        await flow.Reached("refuse-timed-out", m => m.TimedOut);

        await AssertRefused(flow, "refuse-timed-out", nameof(OrderStateMachine.TimedOut));
    }

    [Test]
    public async Task Should_refuse_in_refund_failed()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("refuse-refund-failed");
        await flow.CancelAsync("refuse-refund-failed");
        await flow.RefundAsync("refuse-refund-failed", success: false);
        await flow.Reached("refuse-refund-failed", m => m.RefundFailed);

        await AssertRefused(flow, "refuse-refund-failed", nameof(OrderStateMachine.RefundFailed));
        Assert.That(flow.Published<RefundRequestEvent>(), Has.Count.EqualTo(1));
    }

    private static async Task AssertRefused(FlowHarness flow, string requestId, string state)
    {
        var lifecycleBefore = flow.Lifecycle(requestId).Count;

        var reply = await flow.CancelAsync(requestId);

        Assert.That(reply.Message, Is.InstanceOf<CancellationRefused>());
        var refused = (CancellationRefused)reply.Message;
        Assert.Multiple(() =>
        {
            Assert.That(refused.RequestId, Is.EqualTo(requestId));
            Assert.That(refused.State, Is.EqualTo(state));
            Assert.That(refused.Reason, Is.EqualTo($"A checkout in state {state} can no longer be cancelled"));
            Assert.That(flow.Find(requestId)!.CurrentState, Is.EqualTo(state));
            Assert.That(flow.Find(requestId)!.CancelledAt, Is.Null);
            Assert.That(flow.Lifecycle(requestId), Has.Count.EqualTo(lifecycleBefore));
        });
    }
}

[TestFixture]
public class When_cancelled_by_someone_else
{
    [Test]
    public async Task Should_refuse_as_not_found_and_leave_the_checkout_alone()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("cancel-other", userId: 101);

        var reply = await flow.CancelAsync("cancel-other", userId: 202);

        Assert.That(reply.Message, Is.InstanceOf<CancellationRefused>());
        Assert.Multiple(() =>
        {
            Assert.That(((CancellationRefused)reply.Message).State, Is.EqualTo(CheckoutReplies.NotFoundState));
            Assert.That(((CancellationRefused)reply.Message).Reason, Is.EqualTo("No such checkout"));
            Assert.That(flow.Find("cancel-other")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.AwaitingPayment)));
            Assert.That(flow.Find("cancel-other")!.CancelledAt, Is.Null);
            Assert.That(flow.Lifecycle("cancel-other").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Cancelled));
        });
    }

    [Test]
    public async Task Should_refuse_as_not_found_after_payment_without_a_refund()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartPaidAsync("cancel-other-paid", userId: 101);

        var reply = await flow.CancelAsync("cancel-other-paid", userId: 202);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Message, Is.InstanceOf<CancellationRefused>().With.Property(nameof(CancellationRefused.State)).EqualTo(CheckoutReplies.NotFoundState));
            Assert.That(flow.Find("cancel-other-paid")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Paid)));
            Assert.That(flow.Published<RefundRequestEvent>(), Is.Empty);
        });
    }
}

[TestFixture]
public class When_cancelling_an_unknown_checkout
{
    [Test]
    public async Task Should_refuse_as_not_found()
    {
        await using var flow = await FlowHarness.StartAsync();

        var reply = await flow.CancelAsync("cancel-nobody");

        Assert.Multiple(() =>
        {
            Assert.That(reply.Message, Is.InstanceOf<CancellationRefused>());
            Assert.That(((CancellationRefused)reply.Message).RequestId, Is.EqualTo("cancel-nobody"));
            Assert.That(((CancellationRefused)reply.Message).State, Is.EqualTo(CheckoutReplies.NotFoundState));
            Assert.That(flow.Find("cancel-nobody"), Is.Null, "a cancel never starts a checkout");
        });
    }
}
