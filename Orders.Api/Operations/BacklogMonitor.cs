using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Orders.Persistence.Reading;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Operations;

/// <summary>
/// Counts the outbox backlog, the dead letters and the stuck checkouts every Operations:RefreshInterval and keeps
/// the last count for the gauges, the readiness check and back-pressure, so a scrape or a request never waits
/// for a count. A failed count keeps the previous one (with its time) and says why.
/// </summary>
public sealed partial class BacklogMonitor : BackgroundService
{
    private readonly BacklogCounts _counts;
    private readonly OperationsOptions _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<BacklogMonitor> _log;
    private readonly SemaphoreSlim _counting = new(1, 1);
    private volatile BacklogSnapshot? _current;
    private volatile string? _problem;

    public BacklogMonitor(BacklogCounts counts, IOptions<OperationsOptions> options, TimeProvider clock, IMeterFactory meters, ILogger<BacklogMonitor> log)
    {
        _counts = counts;
        _settings = options.Value;
        _clock = clock;
        _log = log;

        // On a meter of this host (not the static one), so hosts sharing a process each export their own database's counts.
        var meter = meters.Create(OrderMetrics.MeterName);
        meter.CreateObservableGauge("ordersaga.outbox.backlog", () => Observe(s => s.OutboxBacklog), "{message}",
            "Outbox messages not yet delivered to Kafka, as last counted");
        meter.CreateObservableGauge("ordersaga.dead_letters", () => Observe(s => s.DeadLetters), "{record}",
            "Rows in dead_letters: records that could never be processed, replayed or not");
        meter.CreateObservableGauge("ordersaga.checkouts.stuck", () => Observe(s => s.StuckCheckouts), "{checkout}",
            "Checkouts in Pricing, AwaitingPayment or Refunding whose last change is older than Operations:StuckAfter");
    }

    /// <summary>The last successful count; null before the first.</summary>
    public BacklogSnapshot? Current => _current;

    /// <summary>Why the last count failed; null when it succeeded.</summary>
    public string? Problem => _problem;

    /// <summary>The last count if it is recent (within two refresh intervals), else a count made now.</summary>
    public async Task<BacklogSnapshot> FreshAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _clock.GetUtcNow() - current.CountedAt <= 2 * _settings.RefreshInterval)
            return current;
        return await CountAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts now; throws when the database cannot be asked.</summary>
    public async Task<BacklogSnapshot> CountAsync(CancellationToken cancellationToken)
    {
        await _counting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _clock.GetUtcNow();
            var count = await _counts.CountAsync(OrderMetrics.WaitingStates, now - _settings.StuckAfter, cancellationToken).ConfigureAwait(false);
            var snapshot = new BacklogSnapshot(count.OutboxBacklog, count.DeadLetters, count.StuckCheckouts, now);
            var wasOver = _current?.OutboxBacklog > _settings.MaxOutboxBacklog;
            var isOver = count.OutboxBacklog > _settings.MaxOutboxBacklog;
            if (isOver && !wasOver)
                LogBacklogOver(_log, count.OutboxBacklog, _settings.MaxOutboxBacklog);
            else if (wasOver && !isOver)
                LogBacklogUnder(_log, count.OutboxBacklog, _settings.MaxOutboxBacklog);
            _current = snapshot;
            _problem = null;
            return snapshot;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _problem = DependencyFailures.Describe(ex);
            throw;
        }
        finally
        {
            _counting.Release();
        }
    }

    public override void Dispose()
    {
        _counting.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CountAsync(stoppingToken).ConfigureAwait(false);
                if (failing)
                    LogCountingAgain(_log);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Said once per outage: the readiness check reports it for as long as it lasts.
                if (!failing)
                    LogCountFailed(_log, _problem ?? ex.Message);
                failing = true;
            }

            try
            {
                await Task.Delay(_settings.RefreshInterval, _clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<BacklogSnapshot, long> value) =>
        _current is { } snapshot ? [new Measurement<long>(value(snapshot))] : [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot count the outbox backlog, dead letters and stuck checkouts: {Problem}; gauges keep the last count")]
    private static partial void LogCountFailed(ILogger log, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox backlog {Backlog} is over Operations:MaxOutboxBacklog ({Limit}): new checkouts are refused (503) and the service is not ready until it drains")]
    private static partial void LogBacklogOver(ILogger log, long backlog, long limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox backlog {Backlog} is back within Operations:MaxOutboxBacklog ({Limit}): new checkouts are taken again")]
    private static partial void LogBacklogUnder(ILogger log, long backlog, long limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Counting the outbox backlog, dead letters and stuck checkouts again")]
    private static partial void LogCountingAgain(ILogger log);
}
