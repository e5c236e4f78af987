using MassTransit;
using Microsoft.Extensions.Logging;
using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>The named steps the checkout saga is written in.</summary>
public static class CheckoutSteps
{
    public static EventActivityBinder<OrderState, SubmitCheckout> Start(this EventActivityBinder<OrderState, SubmitCheckout> binder, TimeProvider clock) =>
        binder.Then(c =>
        {
            var now = clock.GetUtcNow();
            c.Saga.RequestId = c.Message.RequestId;
            c.Saga.UserId = c.Message.UserId;
            c.Saga.Email = c.Message.Email;
            c.Saga.Fingerprint = CheckoutFingerprint.Of(c.Message);
            c.Saga.Lines = c.Message.Items.Select(i => new OrderLine { ProductId = i.ProductId, Quantity = i.Quantity }).ToList();
            c.Saga.CreatedAt = now;
            c.Saga.UpdatedAt = now;
        });

    public static EventActivityBinder<OrderState, SubmitCheckout> RequestPricing(this EventActivityBinder<OrderState, SubmitCheckout> binder) =>
        binder.Publish(c => new ProductRequestEvent
        {
            RequestId = c.Saga.RequestId,
            UserId = c.Saga.UserId,
            Email = c.Saga.Email,
            Items = c.Message.Items,
        });

    public static EventActivityBinder<OrderState, SubmitCheckout> RespondAccepted(this EventActivityBinder<OrderState, SubmitCheckout> binder) =>
        binder.Respond(c => new CheckoutAccepted { RequestId = c.Saga.RequestId });

    /// <summary>The same requestId again: the same body is answered like the first time, another body is a conflict.</summary>
    public static EventActivityBinder<OrderState, SubmitCheckout> RespondToRepeatedSubmit(this EventActivityBinder<OrderState, SubmitCheckout> binder) =>
        binder.IfElse(c => c.Saga.Fingerprint == CheckoutFingerprint.Of(c.Message),
            same => same.RespondAccepted(),
            other => other.Respond(c => new CheckoutConflict
            {
                RequestId = c.Saga.RequestId,
                Reason = "This requestId was already used for a different checkout",
            }));

    public static EventActivityBinder<OrderState, ProductResponseEvent> ApplyPrices(this EventActivityBinder<OrderState, ProductResponseEvent> binder) =>
        binder.Then(c =>
        {
            if (ProductAnswer.Apply(c.Saga, c.Message) is var (code, reason))
                (c.Saga.ReasonCode, c.Saga.Reason) = (code, reason);
        });

    public static EventActivityBinder<OrderState, T> RequestPayment<T>(this EventActivityBinder<OrderState, T> binder) where T : class =>
        binder.Publish(c => new PaymentRequestEvent
        {
            RequestId = c.Saga.RequestId,
            OrderId = c.Saga.OrderId!.Value,
            UserId = c.Saga.UserId,
            Amount = c.Saga.TotalAmount!.Value,
            Currency = c.Saga.Currency!,
        });

    public static EventActivityBinder<OrderState, T> RequestRefund<T>(this EventActivityBinder<OrderState, T> binder) where T : class =>
        binder.Publish(c => new RefundRequestEvent
        {
            RequestId = c.Saga.RequestId,
            OrderId = c.Saga.OrderId!.Value,
            TransactionId = c.Saga.PaymentTransactionId ?? "",
            Amount = c.Saga.TotalAmount!.Value,
            Currency = c.Saga.Currency!,
        });

    /// <summary>The refund is confirmed: the order is cancelled (if it was not already) and the money is back.</summary>
    public static EventActivityBinder<OrderState, RefundResponseEvent> CompleteRefund(this EventActivityBinder<OrderState, RefundResponseEvent> binder, TimeProvider clock) =>
        binder
            .If(c => c.Saga.CancelledAt is null, first => first.MarkCancelled(clock).PublishLifecycle(OrderEventTypes.Cancelled, clock))
            .PublishLifecycle(OrderEventTypes.Refunded, clock);

    public static EventActivityBinder<OrderState, T> PublishLifecycle<T>(this EventActivityBinder<OrderState, T> binder, string type, TimeProvider clock) where T : class =>
        binder.Publish(c => LifecycleEvents.Create(c.Saga, type, clock.GetUtcNow()));

    public static EventActivityBinder<OrderState, T> AwaitAnswer<T>(this EventActivityBinder<OrderState, T> binder, TimeProvider clock, TimeSpan timeout) where T : class =>
        binder.Then(c =>
        {
            c.Saga.DeadlineAt = clock.GetUtcNow() + timeout;
            c.Saga.DeadlineToken = Guid.NewGuid();
        });

    public static EventActivityBinder<OrderState, T> ClearDeadline<T>(this EventActivityBinder<OrderState, T> binder) where T : class =>
        binder.Then(c => (c.Saga.DeadlineAt, c.Saga.DeadlineToken) = (null, null));

    public static EventActivityBinder<OrderState, T> MarkCancelled<T>(this EventActivityBinder<OrderState, T> binder, TimeProvider clock) where T : class =>
        binder.Then(c => c.Saga.CancelledAt = clock.GetUtcNow());

    public static EventActivityBinder<OrderState, T> Note<T>(this EventActivityBinder<OrderState, T> binder, string code, string reason) where T : class =>
        binder.Then(c => (c.Saga.ReasonCode, c.Saga.Reason) = (code, reason));

    public static EventActivityBinder<OrderState, T> Note<T>(this EventActivityBinder<OrderState, T> binder, string code, Func<BehaviorContext<OrderState, T>, string> reason) where T : class =>
        binder.Then(c => (c.Saga.ReasonCode, c.Saga.Reason) = (code, reason(c)));

    /// <summary>Something happened that leaves the state as it is (a late charge, its refund): the step's timeline entry says what.</summary>
    public static EventActivityBinder<OrderState, T> NoteOnTimeline<T>(this EventActivityBinder<OrderState, T> binder, string code, TimeProvider clock) where T : class =>
        binder.Then(c => (c.Saga.TimelineNote, c.Saga.UpdatedAt) = (code, clock.GetUtcNow()));

    public static EventActivityBinder<OrderState, RefundResponseEvent> WarnLateRefundDeclined(this EventActivityBinder<OrderState, RefundResponseEvent> binder, ILogger log) =>
        binder.Then(c => LateChargeLog.RefundDeclined(log, c.Saga.RequestId, c.Saga.CurrentState, c.Saga.PaymentTransactionId, c.Message.Reason));

    public static EventActivityBinder<OrderState, CancelCheckout> RespondCancellationAccepted(this EventActivityBinder<OrderState, CancelCheckout> binder) =>
        binder.Respond(c => new CancellationAccepted { RequestId = c.Saga.RequestId, State = c.Saga.CurrentState });

    public static EventActivityBinder<OrderState, CancelCheckout> RespondCancellationRefused(this EventActivityBinder<OrderState, CancelCheckout> binder) =>
        binder.Respond(c => new CancellationRefused
        {
            RequestId = c.Saga.RequestId,
            State = c.Saga.CurrentState,
            Reason = $"A checkout in state {c.Saga.CurrentState} can no longer be cancelled",
        });

    public static EventActivityBinder<OrderState, T> LogIgnored<T>(this EventActivityBinder<OrderState, T> binder, ILogger log, string why) where T : class =>
        binder.Then(c => IgnoredEventLog.Write(log, c.Saga, c.Event.Name, why));
}
