using MassTransit;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Metrics;

/// <summary>The saga's metric recordings as named steps, using the timestamps the saga keeps.</summary>
public static class MetricSteps
{
    /// <summary>On entering any state: the funnel and the final states. Runs before UpdatedAt is set to now.</summary>
    public static EventActivityBinder<OrderState> RecordStateEntered(this EventActivityBinder<OrderState> binder) =>
        binder.Then(c => OrderMetrics.StateEntered(c.Saga.CurrentState));

    /// <summary>On leaving any state: the time spent in it, since UpdatedAt (set when a state is entered).</summary>
    public static EventActivityBinder<OrderState> RecordStateLeft(this EventActivityBinder<OrderState> binder, TimeProvider clock) =>
        binder.Then(c => OrderMetrics.StateLeft(c.Saga.CurrentState, c.Saga.UpdatedAt, clock.GetUtcNow()));

    /// <summary>A reply handled in the state its request was sent from: the state's start is the request's time.</summary>
    public static EventActivityBinder<OrderState, T> RecordReply<T>(this EventActivityBinder<OrderState, T> binder, string service, TimeProvider clock) where T : class =>
        binder.Then(c => OrderMetrics.ReplyArrived(service, c.Saga.UpdatedAt, clock.GetUtcNow()));
}
