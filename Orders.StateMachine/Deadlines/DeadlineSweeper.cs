using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Deadlines;

/// <summary>
/// Fires the Product and Payment deadlines kept in the saga's state. The deadline lives with the saga,
/// so one that falls due while no process runs fires at the next sweep after a start; a notice that
/// arrives after the saga moved on carries a stale token and is ignored by the saga. The first sweep waits
/// until the bus has started: a notice published before would be dropped, and a storage that claims the
/// deadlines it finds (PostgreSQL, for a lease of 30 s) would fire it again only that much later.
/// </summary>
public sealed partial class DeadlineSweeper(
    IDueDeadlines dueDeadlines,
    IBusControl bus,
    TimeProvider clock,
    IOptions<CheckoutOptions> options,
    ILogger<DeadlineSweeper> log) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Publishes an expiry notice for every deadline due now; returns how many. The bus must be running.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var due = await dueDeadlines.FindDueAsync(clock.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var notice in due)
        {
            LogFired(log, notice.RequestId);
            await bus.Publish(notice, cancellationToken).ConfigureAwait(false);
        }
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await bus.WhenStartedAsync(stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger log, Exception ex);
}
