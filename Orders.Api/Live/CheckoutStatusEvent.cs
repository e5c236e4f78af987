using System.ComponentModel;

namespace Orders.Api.Live;

/// <summary>The data of one event of a checkout's stream: a state the checkout entered.</summary>
public sealed record CheckoutStatusEvent(
    string RequestId,
    [property: Description("The state entered: Pricing, AwaitingPayment, Paid, Shipped, Rejected, PaymentFailed, TimedOut, Refunding, Cancelled or RefundFailed.")]
    string State,
    [property: Description("Why an unhappy state was entered, such as OUT_OF_STOCK or PAYMENT_DECLINED; null otherwise.")]
    string? ReasonCode,
    [property: Description("When the checkout entered the state.")]
    DateTimeOffset At,
    [property: Description("True on the last event of this stream: the checkout's outcome is settled and the server closes the stream.")]
    bool Final);
