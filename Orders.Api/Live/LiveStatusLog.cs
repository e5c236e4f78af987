namespace Orders.Api.Live;

/// <summary>The lines the checkout event streams leave; the requestId travels in the checkout's logging scope too.</summary>
public static partial class LiveStatusLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream of checkout {RequestId} opened after entry {AfterId}")]
    public static partial void Opened(ILogger log, string requestId, long afterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream of checkout {RequestId} closed: state {State} settles it (last entry {LastId})")]
    public static partial void Settled(ILogger log, string requestId, string state, long lastId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream of checkout {RequestId} ended: {Cause} (last entry sent {LastId})")]
    public static partial void Stopped(ILogger log, string requestId, string cause, long lastId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of checkout {RequestId} ended because the database could not be read (last entry sent {LastId}); the client may resume with Last-Event-ID")]
    public static partial void DatabaseFailed(ILogger log, string requestId, long lastId, Exception exception);
}
