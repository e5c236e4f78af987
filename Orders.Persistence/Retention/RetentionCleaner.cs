using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Retention;

/// <summary>
/// Removes finished checkouts and delivered outbox messages once their retention has passed (for a message: written
/// that long ago and delivered), in batches of
/// plain DELETEs. Each batch locks the rows it removes with <c>FOR UPDATE SKIP LOCKED</c>, so several instances
/// cleaning at once take disjoint rows, and a checkout a saga step is changing right now is left for later
/// (that step may move it out of its final state, as a late charge does).
/// </summary>
public sealed partial class RetentionCleaner(
    IDbContextFactory<OrdersDbContext> dbContexts,
    TimeProvider clock,
    IOptions<RetentionOptions> options,
    ILogger<RetentionCleaner> log) : BackgroundService
{
    /// <summary>The states a checkout never leaves except by a late charge (TimedOut, Cancelled); Paid and the waiting states are not among them.</summary>
    public static readonly IReadOnlyList<string> FinalStates =
    [
        nameof(OrderStateMachine.Shipped),
        nameof(OrderStateMachine.Rejected),
        nameof(OrderStateMachine.PaymentFailed),
        nameof(OrderStateMachine.TimedOut),
        nameof(OrderStateMachine.Cancelled),
        nameof(OrderStateMachine.RefundFailed),
    ];

    /// <summary>Removes at most one batch of each kind of row whose retention has passed; returns how many.</summary>
    public async Task<RetentionCounts> CleanOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var checkouts = await RemoveFinishedCheckoutsAsync(now - settings.FinishedCheckouts, settings.BatchSize, cancellationToken).ConfigureAwait(false);
        var messages = await RemoveDeliveredOutboxMessagesAsync(now - settings.DeliveredOutboxMessages, settings.BatchSize, cancellationToken).ConfigureAwait(false);
        return new RetentionCounts(checkouts, messages);
    }

    /// <summary>Removes every row whose retention has passed, batch by batch; logs and returns how many.</summary>
    public async Task<RetentionCounts> CleanAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var checkouts = await DrainAsync(batch => RemoveFinishedCheckoutsAsync(now - settings.FinishedCheckouts, batch, cancellationToken), settings.BatchSize).ConfigureAwait(false);
        var messages = await DrainAsync(batch => RemoveDeliveredOutboxMessagesAsync(now - settings.DeliveredOutboxMessages, batch, cancellationToken), settings.BatchSize).ConfigureAwait(false);
        var removed = new RetentionCounts(checkouts, messages);
        if (removed.Total > 0)
            LogRemoved(log, removed.FinishedCheckouts, settings.FinishedCheckouts, removed.DeliveredOutboxMessages, settings.DeliveredOutboxMessages);
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await CleanAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCleanFailed(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>A batch smaller than asked for means nothing is left (or another instance holds the rest).</summary>
    private static async Task<int> DrainAsync(Func<int, Task<int>> removeBatch, int batchSize)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await removeBatch(batchSize).ConfigureAwait(false);
            total += removed;
        }
        while (removed >= batchSize);
        return total;
    }

    // ctid = ANY(ARRAY(...)) rather than ctid IN (...): PostgreSQL then fetches the rows by their ctid instead of scanning the table again.
    private async Task<int> RemoveFinishedCheckoutsAsync(DateTimeOffset updatedBefore, int batchSize, CancellationToken cancellationToken)
    {
        var finalStates = FinalStates.ToArray();
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Database.ExecuteSqlAsync($"""
                DELETE FROM checkout_sagas
                WHERE ctid = ANY(ARRAY(
                    SELECT ctid
                    FROM checkout_sagas
                    WHERE current_state = ANY({finalStates})
                      AND updated_at < {updatedBefore}
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED))
                """, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivered rows (at or below their shard's watermark) written before the cutoff.</summary>
    private async Task<int> RemoveDeliveredOutboxMessagesAsync(DateTimeOffset writtenBefore, int batchSize, CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Database.ExecuteSqlAsync($"""
                DELETE FROM outbox_messages
                WHERE ctid = ANY(ARRAY(
                    SELECT m.ctid
                    FROM outbox_messages m
                    JOIN outbox_shards s ON s.shard = m.shard
                    WHERE m.created_at < {writtenBefore}
                      AND (m.tx, m.id) <= (s.delivered_tx, s.delivered_id)
                    ORDER BY m.id
                    LIMIT {batchSize}
                    FOR UPDATE OF m SKIP LOCKED))
                """, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention removed {FinishedCheckouts} finished checkouts unchanged for {CheckoutRetention} and {DeliveredOutboxMessages} outbox messages delivered more than {OutboxRetention} ago")]
    private static partial void LogRemoved(ILogger log, int finishedCheckouts, TimeSpan checkoutRetention, int deliveredOutboxMessages, TimeSpan outboxRetention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention cleaning failed; trying again at the next interval")]
    private static partial void LogCleanFailed(ILogger log, Exception ex);
}
