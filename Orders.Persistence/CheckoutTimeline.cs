using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Appends a <c>checkout_timeline</c> row for every state a checkout enters, its first (Pricing) included, and for
/// every note of a step that left the state as it was (a late charge in a final state: the row repeats the state,
/// with the note as its reason code). The saga repository calls it at the end of each step, like
/// <see cref="OrderProjection"/>, so the row commits or rolls back with the step: a retried step never writes it twice.
/// </summary>
public static class CheckoutTimeline
{
    public static void Append(OrdersDbContext db, OrderState saga, SagaStepStart start)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(saga);
        var note = saga.TimelineNote;
        saga.TimelineNote = null;
        if (start.State != saga.CurrentState)
            Add(db, saga, saga.ReasonCode);
        else if (note is not null)
            Add(db, saga, note);
    }

    // The machine stamps UpdatedAt, with its own clock, on entering any state and on noting anything.
    private static void Add(OrdersDbContext db, OrderState saga, string? reasonCode) =>
        db.Timeline.Add(new CheckoutTimelineEntry
        {
            CorrelationId = saga.CorrelationId,
            RequestId = saga.RequestId,
            State = saga.CurrentState,
            ReasonCode = reasonCode,
            At = saga.UpdatedAt,
        });
}
