using Microsoft.Extensions.Logging;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// Duplicate, late and out-of-order messages are dropped, never applied and never faulted; this
/// leaves a line saying which one and why, so a dropped message can still be traced.
/// </summary>
public static partial class IgnoredEventLog
{
    public static void Write(ILogger log, OrderState saga, string eventName, string why) =>
        Ignored(log, eventName, saga.RequestId, saga.CurrentState, why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored {Event} for checkout {RequestId} in state {State}: {Why}")]
    private static partial void Ignored(ILogger log, string @event, string requestId, string state, string why);
}
