namespace Orders.StateMachine.Checkout;

/// <summary>The machine-readable causes a checkout reports in <see cref="OrderState.ReasonCode"/>.</summary>
public static class ReasonCodes
{
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string UnknownProduct = "UNKNOWN_PRODUCT";
    public const string InvalidPricing = "INVALID_PRICING";
    public const string PaymentDeclined = "PAYMENT_DECLINED";
    public const string ProductTimedOut = "PRODUCT_TIMED_OUT";
    public const string PaymentTimedOut = "PAYMENT_TIMED_OUT";
    public const string CancelledByUser = "CANCELLED_BY_USER";
    public const string RefundDeclined = "REFUND_DECLINED";

    /// <summary>Timeline notes of a final state that stays: a charge landed after it, and was refunded or not.</summary>
    public const string LateCharge = "LATE_CHARGE";
    public const string LateChargeRefunded = "LATE_CHARGE_REFUNDED";
    public const string LateRefundDeclined = "LATE_REFUND_DECLINED";
}
