using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Admin;

/// <summary>The checkout states an operator filters by, and the ones in which a checkout waits for another service.</summary>
public static class AdminStates
{
    /// <summary>Every state a checkout can be in, in the order of the flow.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        nameof(OrderStateMachine.Pricing),
        nameof(OrderStateMachine.AwaitingPayment),
        nameof(OrderStateMachine.Paid),
        nameof(OrderStateMachine.Shipped),
        nameof(OrderStateMachine.Rejected),
        nameof(OrderStateMachine.PaymentFailed),
        nameof(OrderStateMachine.TimedOut),
        nameof(OrderStateMachine.Refunding),
        nameof(OrderStateMachine.Cancelled),
        nameof(OrderStateMachine.RefundFailed),
    ];

    /// <summary>
    /// States a checkout leaves only when Product or Payment answers (or a deadline fires). One that stays in
    /// them long is stuck; Paid is not among them: a paid order rests there until it ships.
    /// </summary>
    public static readonly IReadOnlyList<string> Waiting =
    [
        nameof(OrderStateMachine.Pricing),
        nameof(OrderStateMachine.AwaitingPayment),
        nameof(OrderStateMachine.Refunding),
    ];
}
