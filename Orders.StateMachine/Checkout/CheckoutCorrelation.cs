using MassTransit;

namespace Orders.StateMachine.Checkout;

/// <summary>How every message finds its checkout: by the id derived from the client's <c>requestId</c> (<see cref="CheckoutId"/>).</summary>
public static class CheckoutCorrelation
{
    /// <summary>The message belongs to the checkout of its request id.</summary>
    public static IEventCorrelationConfigurator<OrderState, T> ByRequestId<T>(this IEventCorrelationConfigurator<OrderState, T> correlation, Func<T, string> requestId)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(correlation);
        return correlation.CorrelateById(m => CheckoutId.For(requestId(m.Message)));
    }

    /// <summary>
    /// As <see cref="ByRequestId{T}"/>, for a participant's answer: one for a checkout that does not exist fails as
    /// <see cref="UnknownCheckoutException"/>, so the transport dead-letters it instead of dropping it unseen.
    /// </summary>
    public static IEventCorrelationConfigurator<OrderState, T> ByRequestIdOfKnownCheckout<T>(this IEventCorrelationConfigurator<OrderState, T> correlation, Func<T, string> requestId)
        where T : class =>
        correlation.ByRequestId(requestId)
            .OnMissingInstance(m => m.Execute(c => throw new UnknownCheckoutException(requestId(c.Message), typeof(T).Name)));
}
