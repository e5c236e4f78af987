using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts.Topics;
using Orders.Kafka.Configuration;
using Orders.Kafka.Producing;
using Orders.Kafka.Tracing;
using Orders.Persistence;
using Orders.Persistence.DeadLetters;

namespace Orders.Kafka.DeadLetters;

/// <summary>
/// Sets aside a record that can never be processed: a copy on the dead-letter topic (same key, value and
/// headers, plus the error and the record's origin in <c>dead-letter-*</c> headers) and a <c>dead_letters</c>
/// row an operator can find by checkout and replay. Throws when either cannot be written, so the caller
/// retries and the record's offset is not committed past it.
/// </summary>
public sealed partial class DeadLetterWriter(
    OrderSagaProducer producer,
    IDbContextFactory<OrdersDbContext> dbContexts,
    IOptions<KafkaOptions> options,
    TimeProvider clock,
    ILogger<DeadLetterWriter> log)
{
    /// <summary>Longest error text kept; a longer one is cut.</summary>
    public const int MaxErrorLength = 2000;

    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public async Task WriteAsync(ConsumeResult<string, byte[]> record, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var settings = options.Value;
        var failedAt = clock.GetUtcNow();

        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
            headers.Add(header.Key, header.GetValueBytes());
        headers.Add(MessageHeaders.DeadLetterError, Encoding.UTF8.GetBytes(error));
        headers.Add(MessageHeaders.DeadLetterTopic, Encoding.UTF8.GetBytes(record.Topic));
        headers.Add(MessageHeaders.DeadLetterPartition, Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(MessageHeaders.DeadLetterOffset, Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(MessageHeaders.DeadLetterGroup, Encoding.UTF8.GetBytes(settings.GroupId));
        headers.Add(MessageHeaders.DeadLetterAt, Encoding.UTF8.GetBytes(failedAt.ToString("O", CultureInfo.InvariantCulture)));

        // The copy keeps the record's traceparent, so a replay continues the checkout's trace; one without gets the current one.
        await producer.Client.ProduceTracedAsync(settings.Topics.DeadLetter,
            new Message<string, byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers },
            new ProduceTrace(KeepTraceHeader: true), cancellationToken).ConfigureAwait(false);

        var value = Text(record.Message.Value);
        var row = new DeadLetterRecord
        {
            RequestId = RequestIdOf(record.Message.Key, value),
            Topic = record.Topic,
            Partition = record.Partition.Value,
            Offset = record.Offset.Value,
            MessageType = HeaderText(record.Message.Headers, MessageHeaders.MessageType),
            Error = error,
            Key = record.Message.Key,
            Value = value,
            Headers = HeadersJson(record.Message.Headers),
            FailedAt = failedAt,
        };

        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // The same record dead-lettered again (after a restart before its offset was committed) keeps its first row.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dead_letters (request_id, topic, partition, "offset", message_type, error, key, value, headers, failed_at)
                VALUES ({row.RequestId}, {row.Topic}, {row.Partition}, {row.Offset}, {row.MessageType}, {row.Error}, {row.Key}, {row.Value}, {row.Headers}::jsonb, {row.FailedAt})
                ON CONFLICT (topic, partition, "offset") DO NOTHING
                """, cancellationToken).ConfigureAwait(false);
        }

        LogDeadLettered(log, record.Topic, record.Partition.Value, record.Offset.Value, row.RequestId, error);
    }

    /// <summary>The checkout a record names: its key, or else a requestId in its JSON body.</summary>
    internal static string? RequestIdOf(string? key, string value)
    {
        if (!string.IsNullOrWhiteSpace(key))
            return key.Length <= 200 ? key : null;
        try
        {
            using var json = JsonDocument.Parse(value);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("requestId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 and <= 200 } requestId
                ? requestId
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? HeaderText(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Text(bytes) : null;

    /// <summary>Bytes as text PostgreSQL accepts: invalid UTF-8 and NUL characters become U+FFFD.</summary>
    private static string Text(byte[]? bytes) => bytes is null ? "" : LenientUtf8.GetString(bytes).Replace('\0', '\uFFFD');

    private static string HeadersJson(Headers? headers)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers ?? [])
            map[header.Key] = Text(header.GetValueBytes());
        return JsonSerializer.Serialize(map);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Topic}[{Partition}]@{Offset} (checkout {RequestId}): {Error}")]
    private static partial void LogDeadLettered(ILogger log, string topic, int partition, long offset, string? requestId, string error);
}
