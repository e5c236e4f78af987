using System.Text;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>The <c>orders.status</c> values, named as the orders topic names them, derived from the checkout's state.</summary>
public static class OrderStatus
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string PaymentFailed = "payment_failed";
    public const string TimedOut = "timed_out";
    public const string Cancelled = "cancelled";
    public const string Refunding = "refunding";
    public const string RefundFailed = "refund_failed";
    public const string Shipped = "shipped";

    /// <summary>The status of the order of a checkout in the named state (a state's name is its property's name).</summary>
    public static string For(string checkoutState) => checkoutState switch
    {
        nameof(OrderStateMachine.AwaitingPayment) => Pending,
        nameof(OrderStateMachine.Paid) => Paid,
        nameof(OrderStateMachine.PaymentFailed) => PaymentFailed,
        nameof(OrderStateMachine.TimedOut) => TimedOut,
        nameof(OrderStateMachine.Cancelled) => Cancelled,
        nameof(OrderStateMachine.Refunding) => Refunding,
        nameof(OrderStateMachine.RefundFailed) => RefundFailed,
        nameof(OrderStateMachine.Shipped) => Shipped,
        _ => SnakeCase(checkoutState),
    };

    /// <summary>A state added later still gets a readable status ("OnHold" becomes "on_hold") until it is named here.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
                text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
