using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

/// <summary>
/// A state a client was told is final never changes: a charge that lands after TimedOut, PaymentFailed or Cancelled
/// is refunded (a refund request to Payment, <c>order.refunded</c> once confirmed) while the checkout stays where it was.
/// </summary>
[TestFixture]
public class When_a_charge_lands_after_the_payment_timeout
{
    [Test]
    public async Task Should_stay_timed_out_and_ask_payment_for_a_refund()
    {
        await using var flow = await TimedOutAsync("late-charge-1");

        await flow.PayAsync("late-charge-1");

        var refund = await RefundRequested(flow, "late-charge-1");
        var saga = flow.Find("late-charge-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.PaymentTimedOut), "the reason the client saw stays");
            Assert.That(saga.PaymentTransactionId, Is.EqualTo("txn-late-charge-1"));
            Assert.That(refund.TransactionId, Is.EqualTo("txn-late-charge-1"));
            Assert.That(refund.Amount, Is.EqualTo(6.97m));
            Assert.That(flow.Lifecycle("late-charge-1").Select(e => e.Type), Is.EqualTo(new[] { OrderEventTypes.Created, OrderEventTypes.TimedOut }));
        });
    }

    [Test]
    public async Task Should_publish_order_refunded_when_the_refund_is_confirmed_and_stay_timed_out()
    {
        await using var flow = await TimedOutAsync("late-charge-2");
        await flow.PayAsync("late-charge-2");
        await RefundRequested(flow, "late-charge-2");

        await flow.RefundAsync("late-charge-2");

        var refunded = await flow.LifecycleEvent("late-charge-2", OrderEventTypes.Refunded);
        var saga = flow.Find("late-charge-2")!;
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(saga.RefundId, Is.EqualTo("rfd-late-charge-2"));
            Assert.That(saga.CancelledAt, Is.Null, "a timed-out checkout is not cancelled");
            Assert.That(refunded.Data.Status, Is.EqualTo("refunded"));
            Assert.That(flow.Lifecycle("late-charge-2").Select(e => e.Type), Is.EqualTo(new[]
            {
                OrderEventTypes.Created, OrderEventTypes.TimedOut, OrderEventTypes.Refunded,
            }));
        });
    }

    [Test]
    public async Task Should_refund_once_however_often_the_charge_and_the_refund_come()
    {
        await using var flow = await TimedOutAsync("late-charge-3");
        await flow.PayAsync("late-charge-3");
        await flow.PayAsync("late-charge-3");
        await flow.RefundAsync("late-charge-3");
        await flow.RefundAsync("late-charge-3");
        await flow.PayAsync("late-charge-3");

        Assert.Multiple(() =>
        {
            Assert.That(flow.Find("late-charge-3")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(flow.Published<RefundRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Lifecycle("late-charge-3").Count(e => e.Type == OrderEventTypes.Refunded), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_stay_timed_out_when_payment_declines_the_refund()
    {
        await using var flow = await TimedOutAsync("late-charge-4");
        await flow.PayAsync("late-charge-4");
        await RefundRequested(flow, "late-charge-4");

        await flow.RefundAsync("late-charge-4", success: false, reason: "Card account closed");

        Assert.Multiple(() =>
        {
            Assert.That(flow.Find("late-charge-4")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.TimedOut)));
            Assert.That(flow.Lifecycle("late-charge-4").Select(e => e.Type), Does.Not.Contain(OrderEventTypes.Refunded));
        });
    }

    private static async Task<FlowHarness> TimedOutAsync(string requestId)
    {
        var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync(requestId);
        flow.Clock.Advance(FlowHarness.PaymentTimeout);
        await flow.Sweeper.SweepOnceAsync(CancellationToken.None);
        await flow.Reached(requestId, m => m.TimedOut);
        return flow;
    }

    internal static async Task<RefundRequestEvent> RefundRequested(FlowHarness flow, string requestId)
    {
        Assert.That(await flow.Harness.Published.Any<RefundRequestEvent>(x => x.Context.Message.RequestId == requestId), Is.True, $"No refund request for {requestId}");
        return flow.Published<RefundRequestEvent>(r => r.RequestId == requestId).Single();
    }
}

[TestFixture]
public class When_a_charge_lands_after_the_payment_failed
{
    [Test]
    public async Task Should_stay_payment_failed_and_refund_it()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("late-after-decline");
        await flow.DeclineAsync("late-after-decline", "Card expired");
        await flow.Reached("late-after-decline", m => m.PaymentFailed);

        await flow.PayAsync("late-after-decline");
        var refund = await When_a_charge_lands_after_the_payment_timeout.RefundRequested(flow, "late-after-decline");
        await flow.RefundAsync("late-after-decline");
        await flow.LifecycleEvent("late-after-decline", OrderEventTypes.Refunded);

        Assert.Multiple(() =>
        {
            Assert.That(flow.Find("late-after-decline")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.PaymentFailed)));
            Assert.That(flow.Find("late-after-decline")!.ReasonCode, Is.EqualTo(ReasonCodes.PaymentDeclined));
            Assert.That(refund.TransactionId, Is.EqualTo("txn-late-after-decline"));
        });
    }
}

[TestFixture]
public class When_a_charge_lands_after_the_cancel
{
    [Test]
    public async Task Should_stay_cancelled_and_refund_it()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("late-after-cancel");
        await flow.CancelAsync("late-after-cancel");
        await flow.Reached("late-after-cancel", m => m.Cancelled);

        await flow.PayAsync("late-after-cancel");
        await When_a_charge_lands_after_the_payment_timeout.RefundRequested(flow, "late-after-cancel");
        var stateWhileRefunding = flow.Find("late-after-cancel")!.CurrentState;
        await flow.RefundAsync("late-after-cancel");
        await flow.LifecycleEvent("late-after-cancel", OrderEventTypes.Refunded);

        Assert.Multiple(() =>
        {
            Assert.That(stateWhileRefunding, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Find("late-after-cancel")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Cancelled)));
            Assert.That(flow.Lifecycle("late-after-cancel").Select(e => e.Type), Is.EqualTo(new[]
            {
                OrderEventTypes.Created, OrderEventTypes.Cancelled, OrderEventTypes.Refunded,
            }));
        });
    }
}
