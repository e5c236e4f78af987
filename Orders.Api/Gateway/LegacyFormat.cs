using System.Globalization;
using Orders.Persistence;

namespace Orders.Api.Gateway;

/// <summary>
/// How the service this one replaces wrote orders: ids as "ORD_&lt;number&gt;", amounts as whole minor units (cents),
/// and one upper-case status. The mapping from the order status (<see cref="OrderStatus"/>, or a checkout state
/// that has no order yet) is the table of docs/api.md (gateway compatibility); a status added later shows as its own name in upper case.
/// </summary>
public static class LegacyFormat
{
    public const string Pending = "PENDING";
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string Timeout = "TIMEOUT";
    public const string Cancelled = "CANCELLED";
    public const string Refunding = "REFUNDING";
    public const string RefundFailed = "REFUND_FAILED";

    public static string OrderId(long orderId) => string.Create(CultureInfo.InvariantCulture, $"ORD_{orderId}");

    /// <summary>The amount in cents; order amounts are kept with two decimals, so this is exact.</summary>
    public static long MinorUnits(decimal amount) => decimal.ToInt64(decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero));

    /// <summary>The legacy status of an order in the given <c>orders.status</c>.</summary>
    public static string Status(string orderStatus) => orderStatus switch
    {
        "pricing" or OrderStatus.Pending => Pending,
        OrderStatus.Paid or OrderStatus.Shipped => Success,
        "rejected" or OrderStatus.PaymentFailed => Failed,
        OrderStatus.TimedOut => Timeout,
        OrderStatus.Cancelled => Cancelled,
        OrderStatus.Refunding => Refunding,
        OrderStatus.RefundFailed => RefundFailed,
        _ => orderStatus.ToUpperInvariant(),
    };

    /// <summary>The legacy status of a checkout in the given state, through the status its order has (or would have).</summary>
    public static string StatusOfCheckout(string state) => Status(OrderStatus.For(state));
}
