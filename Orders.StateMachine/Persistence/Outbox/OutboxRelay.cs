using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>
/// Delivers the outbox: undelivered rows in the order they were written (so in order per checkout), each
/// marked delivered in the same transaction that read it. One instance relays at a time (a transaction
/// advisory lock), so several instances never deliver a row twice between them; a crash between delivery
/// and commit delivers it again, with the same message id.
/// </summary>
public sealed partial class OutboxRelay(
    IDbContextFactory<OrdersDbContext> dbContexts,
    IOutboxDelivery delivery,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxRelay> log) : BackgroundService
{
    private const int BatchSize = 200;

    /// <summary>An arbitrary key for the advisory lock that makes one instance the relay at a time.</summary>
    private const long RelayLock = 0x6f7574626f78;

    /// <summary>How long the relay sleeps when no step has told it of new rows.</summary>
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);

    /// <summary>Delivers one batch; returns how many were delivered (0 also when another instance is relaying).</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var isRelay = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({RelayLock}) AS \"Value\"")
                    .SingleAsync(cancellationToken).ConfigureAwait(false);
                if (!isRelay)
                    return 0;

                var batch = await db.Set<OutboxMessageRecord>().AsNoTracking()
                    .Where(m => m.DeliveredAt == null).OrderBy(m => m.Id).Take(BatchSize)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);

                if (batch.Count == 0)
                    return 0;

                // Whatever left is marked, even when a later message failed: that one stays first in line.
                var delivered = await delivery.DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
                if (delivered > 0)
                {
                    // One statement for the whole delivered prefix, instead of one tracked UPDATE per row.
                    var now = clock.GetUtcNow();
                    var ids = batch.Take(delivered).Select(m => m.Id).ToArray();
                    await db.Set<OutboxMessageRecord>().Where(m => ids.Contains(m.Id))
                        .ExecuteUpdateAsync(m => m.SetProperty(x => x.DeliveredAt, now), CancellationToken.None).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                if (delivered < batch.Count)
                    LogPartlyDelivered(log, delivered, batch.Count);
                return delivered;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                delivered = await RelayOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRelayFailed(log, ex);
            }

            if (delivered < BatchSize)
                await signal.WaitAsync(IdleInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox delivery stopped after {Delivered} of {Count} messages; the rest are tried again")]
    private static partial void LogPartlyDelivered(ILogger log, int delivered, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox delivery failed; the undelivered messages are tried again")]
    private static partial void LogRelayFailed(ILogger log, Exception ex);
}
