using Orders.StateMachine.Checkout;

namespace Orders.Api.Live;

/// <summary>
/// When a checkout's stream closes: once its latest state settles the checkout's outcome. That is every final
/// state, and also Paid: a paid checkout waits, maybe for days, for a shipment or a cancellation that the user
/// starts, so the stream does not hold a connection open for it. Pricing, AwaitingPayment and Refunding move on
/// by themselves within the Product and Payment deadlines, so a stream stays open through them.
/// </summary>
public static class StreamEnd
{
    private static readonly HashSet<string> SettledStates = new(StringComparer.Ordinal)
    {
        nameof(OrderStateMachine.Paid),
        nameof(OrderStateMachine.Shipped),
        nameof(OrderStateMachine.Rejected),
        nameof(OrderStateMachine.PaymentFailed),
        nameof(OrderStateMachine.TimedOut),
        nameof(OrderStateMachine.Cancelled),
        nameof(OrderStateMachine.RefundFailed),
    };

    /// <summary>Whether a stream ends after sending a checkout whose latest state is <paramref name="state"/>.</summary>
    public static bool IsSettled(string state) => SettledStates.Contains(state);
}
