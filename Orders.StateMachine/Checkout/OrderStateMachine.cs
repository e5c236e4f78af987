using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.StateMachine.Metrics;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// The checkout saga: price with Product, record the order, charge with Payment, and cancel or refund
/// on request. Product and Payment are called with a command and a correlated reply event, each
/// guarded by a deadline kept in the saga's own state.
/// </summary>
public sealed class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    public OrderStateMachine(TimeProvider clock, IOptions<CheckoutOptions> options, ILogger<OrderStateMachine> log)
    {
        var settings = options.Value;
        InstanceState(x => x.CurrentState);

        Event(() => Submitted, x => x.ByRequestId(m => m.RequestId));
        Event(() => CancelRequested, x => x.ByRequestId(m => m.RequestId).OnMissingInstance(m => m.ExecuteAsync(c => c.RespondAsync(CheckoutReplies.NotFound(c.Message)))));
        Event(() => ProductAnswered, x => x.ByRequestIdOfKnownCheckout(m => m.RequestId));
        Event(() => PaymentAnswered, x => x.ByRequestIdOfKnownCheckout(m => m.RequestId));
        Event(() => RefundAnswered, x => x.ByRequestIdOfKnownCheckout(m => m.RequestId));
        Event(() => ShipmentStarted, x => x.ByRequestIdOfKnownCheckout(m => m.RequestId));
        Event(() => DeadlineExpired, x => x.ByRequestId(m => m.RequestId).OnMissingInstance(m => m.Discard()));

        Initially(
            When(Submitted)
                .Start(clock)
                .RequestPricing()
                .AwaitAnswer(clock, settings.PricingTimeout)
                .TransitionTo(Pricing)
                .RespondAccepted());

        During(Pricing,
            When(ProductAnswered)
                .RecordReply("product", clock)
                .ApplyPrices()
                .IfElse(c => c.Saga.ReasonCode is null,
                    priced => priced
                        .Activity(a => a.OfType<RecordOrderActivity>())
                        .PublishLifecycle(OrderEventTypes.Created, clock)
                        .RequestPayment()
                        .AwaitAnswer(clock, settings.PaymentTimeout)
                        .TransitionTo(AwaitingPayment),
                    rejected => rejected.ClearDeadline().TransitionTo(Rejected)),
            When(DeadlineExpired, IsCurrentDeadline)
                .Note(ReasonCodes.ProductTimedOut, "Product Service did not respond")
                .ClearDeadline()
                .TransitionTo(TimedOut),
            When(CancelRequested, IsOwner)
                .Note(ReasonCodes.CancelledByUser, "Cancelled by the user before pricing completed")
                .ClearDeadline()
                .MarkCancelled(clock)
                .TransitionTo(Cancelled)
                .RespondCancellationAccepted());

        During(AwaitingPayment,
            When(PaymentAnswered, c => c.Message.Success)
                .RecordReply("payment", clock)
                .ClearDeadline()
                .Then(c => c.Saga.PaymentTransactionId = c.Message.TransactionId)
                .TransitionTo(Paid)
                .PublishLifecycle(OrderEventTypes.Paid, clock),
            When(PaymentAnswered, c => !c.Message.Success)
                .RecordReply("payment", clock)
                .ClearDeadline()
                .Note(ReasonCodes.PaymentDeclined, c => c.Message.Reason ?? "Payment was declined")
                .TransitionTo(PaymentFailed)
                .PublishLifecycle(OrderEventTypes.PaymentFailed, clock),
            When(DeadlineExpired, IsCurrentDeadline)
                .Note(ReasonCodes.PaymentTimedOut, "Payment Service did not respond")
                .ClearDeadline()
                .TransitionTo(TimedOut)
                .PublishLifecycle(OrderEventTypes.TimedOut, clock),
            When(CancelRequested, IsOwner)
                .Note(ReasonCodes.CancelledByUser, "Cancelled by the user before payment")
                .ClearDeadline()
                .MarkCancelled(clock)
                .TransitionTo(Cancelled)
                .PublishLifecycle(OrderEventTypes.Cancelled, clock)
                .RespondCancellationAccepted());

        During(Paid,
            When(ShipmentStarted)
                .TransitionTo(Shipped)
                .PublishLifecycle(OrderEventTypes.Shipped, clock),
            When(CancelRequested, IsOwner)
                .Note(ReasonCodes.CancelledByUser, "Cancelled by the user after payment; refund requested")
                .RequestRefund()
                .TransitionTo(Refunding)
                .RespondCancellationAccepted());

        // A charge that lands after the checkout was cancelled or timed out is paid back, never kept.
        During(Cancelled, TimedOut,
            When(PaymentAnswered, IsNewLateCharge)
                .Then(c => c.Saga.PaymentTransactionId = c.Message.TransactionId)
                .RequestRefund()
                .TransitionTo(Refunding));

        During(Refunding,
            When(RefundAnswered, c => c.Message.Success)
                .Then(c => c.Saga.RefundId = c.Message.RefundId)
                .TransitionTo(Cancelled)
                .CompleteRefund(clock),
            When(RefundAnswered, c => !c.Message.Success)
                .Note(ReasonCodes.RefundDeclined, c => c.Message.Reason ?? "Refund was declined")
                .TransitionTo(RefundFailed));

        During(Cancelled, Refunding,
            When(CancelRequested, IsOwner).RespondCancellationAccepted());

        During([Shipped, Rejected, PaymentFailed, TimedOut, RefundFailed],
            When(CancelRequested, IsOwner).RespondCancellationRefused());

        DuringAny(
            When(Submitted).RespondToRepeatedSubmit(),
            When(CancelRequested, c => !IsOwner(c)).Respond(c => CheckoutReplies.NotFound(c.Message)),
            When(DeadlineExpired, c => !IsCurrentDeadline(c)).LogIgnored(log, "stale deadline"));

        WhenLeaveAny(x => x.RecordStateLeft(clock));
        WhenEnterAny(x => x.RecordStateEntered().Then(c => c.Saga.UpdatedAt = clock.GetUtcNow()));

        OnUnhandledEvent(c =>
        {
            IgnoredEventLog.Write(log, c.Saga, c.Event.Name, "not expected in this state");
            return c.Ignore();
        });
    }

    public State Pricing { get; private set; } = null!;
    public State AwaitingPayment { get; private set; } = null!;
    public State Paid { get; private set; } = null!;
    public State Shipped { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State PaymentFailed { get; private set; } = null!;
    public State TimedOut { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;
    public State Refunding { get; private set; } = null!;
    public State RefundFailed { get; private set; } = null!;

    public Event<SubmitCheckout> Submitted { get; private set; } = null!;
    public Event<CancelCheckout> CancelRequested { get; private set; } = null!;
    public Event<ProductResponseEvent> ProductAnswered { get; private set; } = null!;
    public Event<PaymentResponseEvent> PaymentAnswered { get; private set; } = null!;
    public Event<RefundResponseEvent> RefundAnswered { get; private set; } = null!;
    public Event<ShipmentStartedEvent> ShipmentStarted { get; private set; } = null!;
    public Event<CheckoutDeadlineExpired> DeadlineExpired { get; private set; } = null!;

    private static bool IsOwner(BehaviorContext<OrderState, CancelCheckout> c) => c.Message.UserId == c.Saga.UserId;

    /// <summary>
    /// A successful charge the saga has not seen yet. Once one is recorded (paid, or refunded after a
    /// cancel), a redelivery of it must not ask for a second refund.
    /// </summary>
    private static bool IsNewLateCharge(BehaviorContext<OrderState, PaymentResponseEvent> c) =>
        c.Message.Success && c.Saga.OrderId is not null && c.Saga.PaymentTransactionId is null;

    private static bool IsCurrentDeadline(BehaviorContext<OrderState, CheckoutDeadlineExpired> c) =>
        c.Saga.DeadlineToken == c.Message.DeadlineToken;
}
