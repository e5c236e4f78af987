using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Orders.Kafka.Client;

/// <summary>librdkafka's own log lines and error events, written to an <see cref="ILogger"/>.</summary>
/// <remarks>
/// librdkafka reports a broker it cannot reach as an error and keeps reconnecting, so its errors are
/// warnings here; only a fatal error, after which the client is unusable, is logged as one. Its log
/// lines at error level repeat what its error events say, so they go to debug.
/// </remarks>
public static partial class KafkaClientLog
{
    public static void Write(ILogger log, string client, LogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var level = message.Level switch
        {
            <= SyslogLevel.Critical => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        LogClient(log, level, client, message.Facility, message.Message);
    }

    public static void Write(ILogger log, string client, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.IsFatal)
            LogFatal(log, client, error.Code, error.Reason);
        else
            LogTransient(log, client, error.Code, error.Reason);
    }

    [LoggerMessage(Message = "{Client} librdkafka {Facility}: {Text}")]
    private static partial void LogClient(ILogger log, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Client} Kafka error {Code}: {Reason}; librdkafka retries")]
    private static partial void LogTransient(ILogger log, string client, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Client} fatal Kafka error {Code}: {Reason}")]
    private static partial void LogFatal(ILogger log, string client, ErrorCode code, string reason);
}
