using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Persistence.Outbox;

/// <summary>
/// Delivers the outbox shards this instance holds (<see cref="OutboxShardLeases"/>): each shard's rows in (transaction,
/// id) order, so in order per checkout, then moves the shard's watermark past what was delivered. Rows are read only
/// once every transaction older than theirs has ended (the snapshot's xmin), so a row committed late never lands
/// below a watermark unseen. A crash between delivery and the watermark delivers again, with the same message ids.
/// </summary>
public sealed partial class OutboxRelay(
    IDbContextFactory<OrdersDbContext> dbContexts,
    IOutboxDelivery delivery,
    OutboxShardLeases leases,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxRelay> log) : BackgroundService
{
    /// <summary>Rows read per shard in one round.</summary>
    public const int ShardBatchSize = 100;

    /// <summary>How long the relay sleeps when no step has told it of new rows.</summary>
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon it looks again at rows that waited for an older transaction.</summary>
    public static readonly TimeSpan HeldInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Delivers one round of the held shards; returns how many rows were delivered.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken) => (await RelayRoundAsync(cancellationToken).ConfigureAwait(false)).Delivered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var round = new RelayRound(0, false, false);
                try
                {
                    round = await RelayRoundAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRelayFailed(log, ex);
                }

                if (!round.ShardFull)
                    await signal.WaitAsync(round.Held ? HeldInterval : IdleInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task<RelayRound> RelayRoundAsync(CancellationToken cancellationToken)
    {
        var shards = (await leases.OwnedAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        if (shards.Length == 0)
            return new RelayRound(0, false, false);

        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // The rows above each watermark, with the oldest transaction still running (the snapshot's xmin). A row whose
            // transaction is not older than that may have an older, still uncommitted row of its shard before it: it waits.
            var rows = await db.Database.SqlQuery<ShardRow>($"""
                SELECT m.id AS "Id", m.request_id AS "RequestId", m.shard AS "Shard", m.tx AS "Transaction",
                       m.message_type AS "MessageType", m.body AS "Body", m.created_at AS "CreatedAt",
                       m.trace_parent AS "TraceParent", m.trace_state AS "TraceState",
                       pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "OldestRunning"
                FROM outbox_shards s
                CROSS JOIN LATERAL (
                    SELECT * FROM outbox_messages m
                    WHERE m.shard = s.shard AND (m.tx, m.id) > (s.delivered_tx, s.delivered_id)
                    ORDER BY m.tx, m.id
                    LIMIT {ShardBatchSize}) m
                WHERE s.shard = ANY({shards})
                ORDER BY m.shard, m.tx, m.id
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
                return new RelayRound(0, false, false);

            var batch = rows.Where(r => r.Transaction < r.OldestRunning).Select(r => r.ToRecord()).ToList();
            var held = batch.Count < rows.Count;
            if (batch.Count == 0)
                return new RelayRound(0, false, held);

            // What left is recorded even when a later message failed: that one stays first in its shard's line.
            var delivered = await delivery.DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
            if (delivered > 0)
                await MoveWatermarksAsync(db, batch.Take(delivered)).ConfigureAwait(false);
            if (delivered < batch.Count)
                LogPartlyDelivered(log, delivered, batch.Count);
            var full = rows.GroupBy(m => m.Shard).Any(g => g.Count() >= ShardBatchSize);
            return new RelayRound(delivered, full, held);
        }
    }

    /// <summary>
    /// One statement for every shard of the round: its watermark moves to its last delivered row, only while this relay
    /// still holds the shard (a relay that lost it meanwhile leaves the watermark to the new holder, which delivers again).
    /// </summary>
    private async Task MoveWatermarksAsync(OrdersDbContext db, IEnumerable<OutboxMessageRecord> delivered)
    {
        var last = delivered.GroupBy(m => m.Shard).Select(g => g.Last()).ToList();
        var shards = last.Select(m => m.Shard).ToArray();
        var transactions = last.Select(m => m.Transaction).ToArray();
        var ids = last.Select(m => m.Id).ToArray();
        var now = clock.GetUtcNow();
        var moved = await db.Database.ExecuteSqlAsync($"""
            UPDATE outbox_shards AS s
            SET delivered_tx = w.tx, delivered_id = w.id, delivered_at = {now}
            FROM unnest({shards}, {transactions}, {ids}) AS w(shard, tx, id)
            WHERE s.shard = w.shard AND s.owner = {leases.RelayId}
            """, CancellationToken.None).ConfigureAwait(false);
        if (moved < shards.Length)
            LogLostShards(log, shards.Length - moved);
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Its leases run out by themselves; the other relays take the shards over then.
            LogReleaseFailed(log, ex, OutboxShardLeases.Lease);
        }
    }

    /// <param name="Delivered">Rows delivered.</param>
    /// <param name="ShardFull">A shard had more rows than one round reads: go on at once.</param>
    /// <param name="Held">Rows waited for an older transaction to end: look again shortly.</param>
    private readonly record struct RelayRound(int Delivered, bool ShardFull, bool Held);

    /// <summary>An outbox row as the relay reads it, with the snapshot's oldest running transaction.</summary>
    private sealed record ShardRow(
        long Id, string RequestId, short Shard, long Transaction, string MessageType, string Body, DateTimeOffset CreatedAt,
        string? TraceParent, string? TraceState, long OldestRunning)
    {
        public OutboxMessageRecord ToRecord() => new()
        {
            Id = Id,
            RequestId = RequestId,
            Transaction = Transaction,
            MessageType = MessageType,
            Body = Body,
            CreatedAt = CreatedAt,
            TraceParent = TraceParent,
            TraceState = TraceState,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox delivery stopped after {Delivered} of {Count} messages; the rest are tried again")]
    private static partial void LogPartlyDelivered(ILogger log, int delivered, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox delivery failed; the undelivered messages are tried again")]
    private static partial void LogRelayFailed(ILogger log, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay no longer held {Count} shard(s) when it recorded a delivery; their new holder delivers those messages again")]
    private static partial void LogLostShards(ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not give its shards back on stopping; they are taken over when their leases end in {Lease}")]
    private static partial void LogReleaseFailed(ILogger log, Exception ex, TimeSpan lease);
}
