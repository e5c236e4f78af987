using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Appends a <c>checkout_timeline</c> row for every state a checkout enters, its first (Pricing) included.
/// The saga repository calls it at the end of each step, like <see cref="OrderProjection"/>, so the row commits
/// or rolls back with the step that made the transition: a retried step never writes it twice.
/// </summary>
public static class CheckoutTimeline
{
    public static void Append(OrdersDbContext db, OrderState saga, SagaStepStart start)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(saga);
        if (start.State == saga.CurrentState)
            return;

        db.Timeline.Add(new CheckoutTimelineEntry
        {
            CorrelationId = saga.CorrelationId,
            RequestId = saga.RequestId,
            State = saga.CurrentState,
            ReasonCode = saga.ReasonCode,
            // The machine stamps UpdatedAt on entering any state, with its own clock.
            At = saga.UpdatedAt,
        });
    }
}
