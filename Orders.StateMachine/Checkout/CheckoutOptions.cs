namespace Orders.StateMachine.Checkout;

/// <summary>Settings of the checkout saga, bound from the "Checkout" configuration section.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How long the Product service may take to price a checkout.</summary>
    public TimeSpan PricingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the Payment service may take to answer a charge.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often due deadlines are looked for.</summary>
    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
