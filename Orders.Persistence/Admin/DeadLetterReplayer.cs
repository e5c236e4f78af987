using Microsoft.Extensions.Logging;

namespace Orders.Persistence.Admin;

/// <summary>
/// Replays a dead letter at most once: marks it replayed (one conditional UPDATE), produces it to its original
/// topic, and takes the mark back when producing fails so it can be tried again. Every attempt is audited.
/// </summary>
/// <remarks>
/// Producing is not cancelled with the request: a record handed to the producer may still be written, and the
/// mark must say so. A produce that timed out may still have reached the topic; the saga ignores a message it
/// has already handled, so a second replay after such a failure is harmless.
/// </remarks>
public sealed partial class DeadLetterReplayer(
    AdminDeadLetters deadLetters,
    AdminAuditLog audit,
    TimeProvider clock,
    ILogger<DeadLetterReplayer> log)
{
    public async Task<ReplayResult> ReplayAsync(long id, string actor, IDeadLetterReplay? replay, CancellationToken cancellationToken)
    {
        var target = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (replay is null)
        {
            await audit.RecordAsync(actor, AdminAuditLog.ReplayDeadLetter, target, "unavailable: no Kafka producer is configured", cancellationToken).ConfigureAwait(false);
            return ReplayResult.Unavailable("Replaying needs Kafka, and this instance has no Kafka producer configured.");
        }

        // PostgreSQL keeps microseconds: the mark is made with what it stores, so the undo can name it exactly.
        var now = clock.GetUtcNow();
        var at = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        if (!await deadLetters.TryMarkReplayedAsync(id, actor, at, cancellationToken).ConfigureAwait(false))
        {
            var existing = await deadLetters.FindAsync(id, cancellationToken).ConfigureAwait(false);
            var outcome = existing is null ? "not found" : $"refused: already replayed by {existing.ReplayedBy} at {existing.ReplayedAt:O}";
            await audit.RecordAsync(actor, AdminAuditLog.ReplayDeadLetter, target, outcome, cancellationToken).ConfigureAwait(false);
            return existing is null ? ReplayResult.NotFound() : ReplayResult.AlreadyReplayed(existing);
        }

        var deadLetter = (await deadLetters.FindAsync(id, CancellationToken.None).ConfigureAwait(false))!;
        var message = new ReplayMessage(deadLetter.Topic, deadLetter.Key, deadLetter.Value, [.. deadLetter.Headers]);
        try
        {
            var receipt = await replay.ReplayAsync(message, CancellationToken.None).ConfigureAwait(false);
            LogReplayed(log, id, deadLetter.RequestId, actor, receipt.Topic, receipt.Partition, receipt.Offset);
            await audit.RecordAsync(actor, AdminAuditLog.ReplayDeadLetter, target, $"replayed to {receipt.Topic} partition {receipt.Partition} offset {receipt.Offset}", CancellationToken.None).ConfigureAwait(false);
            return ReplayResult.Replayed(deadLetter, receipt);
        }
        catch (Exception ex)
        {
            await deadLetters.UndoMarkAsync(id, actor, at, CancellationToken.None).ConfigureAwait(false);
            var reason = ex is DeadLetterReplayException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            LogReplayFailed(log, ex, id, deadLetter.RequestId, deadLetter.Topic);
            await audit.RecordAsync(actor, AdminAuditLog.ReplayDeadLetter, target, $"failed: {reason}", CancellationToken.None).ConfigureAwait(false);
            return ReplayResult.Failed(reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} (checkout {RequestId}) replayed by {Actor} to {Topic} partition {Partition} offset {Offset}")]
    private static partial void LogReplayed(ILogger log, long deadLetterId, string? requestId, string actor, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {DeadLetterId} (checkout {RequestId}) could not be replayed to {Topic}; it is left unreplayed for another try")]
    private static partial void LogReplayFailed(ILogger log, Exception ex, long deadLetterId, string? requestId, string topic);
}
