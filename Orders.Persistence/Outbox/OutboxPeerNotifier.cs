using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Persistence.Notifications;

namespace Orders.Persistence.Outbox;

/// <summary>
/// Tells the relays of the other instances that this one committed outbox rows (NOTIFY on
/// <see cref="NotificationChannels.Outbox"/>), so a row in a shard another instance holds leaves at once rather than at
/// that relay's next idle look. Only while other relays are alive, and at most once per <see cref="Coalesce"/>: under
/// load one notification stands for many commits. <see cref="OutboxWakeups"/> is the listening side.
/// </summary>
public sealed partial class OutboxPeerNotifier(
    IDbContextFactory<OrdersDbContext> dbContexts,
    OutboxSignal signal,
    OutboxShardLeases leases,
    ILogger<OutboxPeerNotifier> log) : BackgroundService
{
    /// <summary>The least time between two notifications of this instance.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await signal.WhenCommittedAsync(stoppingToken).ConfigureAwait(false))
            {
                if (leases.Relays <= 1)
                    continue;
                try
                {
                    var db = await dbContexts.CreateDbContextAsync(stoppingToken).ConfigureAwait(false);
                    await using (db.ConfigureAwait(false))
                        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.Outbox}, '')", stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The others find the rows at their next idle look (a second at most).
                    LogNotifyFailed(log, ex);
                }
                await Task.Delay(Coalesce, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell the other relays of new outbox rows")]
    private static partial void LogNotifyFailed(ILogger log, Exception ex);
}
