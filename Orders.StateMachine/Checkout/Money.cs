using System.Globalization;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// Rounding and formatting of amounts, in one place so every figure is computed the same way: a unit price is kept as
/// Product quoted it, a line total is unit price x quantity rounded to cents half away from zero, and the total is the
/// sum of the rounded line totals (so it is exact in cents and equals what the lines show).
/// </summary>
public static class Money
{
    /// <summary>The largest line total or total an order can hold: what a numeric(18,2) column stores.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>"13.48": the invariant two-decimal text that the orders topic carries.</summary>
    public static string Format(decimal amount) => Round(amount).ToString("0.00", CultureInfo.InvariantCulture);
}
