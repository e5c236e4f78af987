using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>Replies the saga gives about checkouts it does not hold for the asker.</summary>
public static class CheckoutReplies
{
    public const string NotFoundState = "NotFound";

    public static CancellationRefused NotFound(CancelCheckout request) => new()
    {
        RequestId = request.RequestId,
        State = NotFoundState,
        Reason = "No such checkout",
    };
}
