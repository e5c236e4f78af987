using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Metrics;

namespace Orders.StateMachine.Deadlines;

/// <summary>
/// Fires the Product and Payment deadlines kept in the saga's state. The deadline lives with the saga,
/// so one that falls due while no process runs fires at the next sweep after a start; a notice that
/// arrives after the saga moved on carries a stale token and is ignored by the saga. The first sweep waits
/// until the notices can be handed over: a bus that has not started drops them, and a storage that claims the
/// deadlines it finds (PostgreSQL, for a lease of 30 s) would fire it again only that much later.
/// </summary>
public sealed partial class DeadlineSweeper(
    IDueDeadlines dueDeadlines,
    IDeadlineNotices notices,
    TimeProvider clock,
    IOptions<CheckoutOptions> options,
    ILogger<DeadlineSweeper> log) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Sends an expiry notice for every deadline due now; returns how many. The notices must be ready.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var due = await dueDeadlines.FindDueAsync(clock.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var notice in due)
        {
            LogFired(log, notice.RequestId);
            OrderMetrics.DeadlineFired();
            try
            {
                await notices.SendAsync(notice, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The storage keeps it due: it fires again once its claim lapses.
                LogNoticeFailed(log, ex, notice.RequestId);
            }
        }
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await notices.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.DeadlineSweepInterval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline of checkout {RequestId} has passed")]
    private static partial void LogFired(ILogger log, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline notice for checkout {RequestId} failed; it fires again at a later sweep")]
    private static partial void LogNoticeFailed(ILogger log, Exception ex, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger log, Exception ex);
}
