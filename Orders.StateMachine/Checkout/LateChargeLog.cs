using Microsoft.Extensions.Logging;

namespace Orders.StateMachine.Checkout;

/// <summary>A late charge whose refund Payment declined: the customer paid for an order they were told had failed.</summary>
public static partial class LateChargeLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Payment declined the refund of late charge {TransactionId} for checkout {RequestId} in state {State}: {Reason}; an operator must refund it")]
    public static partial void RefundDeclined(ILogger log, string requestId, string state, string? transactionId, string? reason);
}
