using System.Globalization;

namespace Orders.StateMachine.Checkout;

/// <summary>Rounding and formatting of amounts, in one place so every total is computed the same way.</summary>
public static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>"13.48": the invariant two-decimal text that the orders topic carries.</summary>
    public static string Format(decimal amount) => Round(amount).ToString("0.00", CultureInfo.InvariantCulture);
}
