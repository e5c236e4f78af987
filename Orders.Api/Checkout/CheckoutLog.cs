namespace Orders.Api.Checkout;

/// <summary>The lines the checkout endpoints leave; the requestId travels in the logging scope.</summary>
public static partial class CheckoutLog
{
    public const string ScopeKey = "CheckoutRequestId";

    // A message-template scope: the console shows it as "checkout abc123xyz" (a dictionary would print its type name).
    private static readonly Func<ILogger, string, IDisposable?> CheckoutScope = LoggerMessage.DefineScope<string>("checkout {" + ScopeKey + "}");

    public static IDisposable? BeginCheckoutScope(this ILogger log, string requestId) => CheckoutScope(log, requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout {RequestId} accepted for user {UserId} with {Lines} lines")]
    public static partial void Accepted(ILogger log, string requestId, long userId, int lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout {RequestId} refused as a conflict: {Reason}")]
    public static partial void Conflict(ILogger log, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancellation of checkout {RequestId} accepted; state {State}")]
    public static partial void CancellationAccepted(ILogger log, string requestId, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancellation of checkout {RequestId} refused in state {State}: {Reason}")]
    public static partial void CancellationRefused(ILogger log, string requestId, string state, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout {RequestId}: the saga did not answer {Operation} in time")]
    public static partial void TimedOut(ILogger log, string requestId, string operation);
}
