using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orders.Persistence.Notifications;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY for the service: one connection of its own listens on the channel of every
/// <see cref="IPostgresNotificationHandler"/> registered, and hands each notification's payload to them. While it is
/// not connected (at start, after the database went away) <see cref="IsListening"/> is false and the handlers' owners
/// fall back to looking for themselves; once it listens again every handler is called with a null payload, as
/// anything may have changed meanwhile.
/// </summary>
public sealed partial class PostgresNotifications : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresNotifications> _log;
    private readonly Dictionary<string, IPostgresNotificationHandler[]> _subscribers;
    private readonly string _channels;
    private volatile bool _listening;
    private bool _listened;

    /// <param name="connectionString">The orders database's connection string as configured (a DbContext's has lost its password once opened).</param>
    /// <param name="handlers">Who is woken by which channel.</param>
    /// <param name="log">Where connection losses are told.</param>
    public PostgresNotifications(string connectionString, IEnumerable<IPostgresNotificationHandler> handlers, ILogger<PostgresNotifications> log)
    {
        // Outside the pool: a pooled connection would keep its LISTENs for the next borrower. Not traced: its LISTENs and
        // reconnections belong to no checkout's trace.
        _dataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString)
            .ConfigureTracing(tracing => tracing.EnablePhysicalOpenTracing(false).ConfigureCommandFilter(_ => false).ConfigureBatchFilter(_ => false))
            .Build();
        _log = log;
        _subscribers = handlers.GroupBy(h => h.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _channels = string.Join(", ", _subscribers.Keys);
    }

    public override void Dispose()
    {
        _dataSource.Dispose();
        base.Dispose();
    }

    /// <summary>Whether notifications arrive now: false until the listening connection is up, and while it is down.</summary>
    public bool IsListening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_subscribers.Count == 0)
            return;
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A connection that was listening starts the pauses over; one that never got there grows them.
                if (_listened)
                {
                    pause = FirstPause;
                    LogLost(_log, ex, pause);
                }
                else
                {
                    LogNotListening(_log, ex.Message, pause);
                }
            }

            try
            {
                await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    /// <summary>Listens until the connection fails or the host stops.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        _listened = false;
        var connection = await OpenAsync(stoppingToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += (_, e) => Deliver(e.Channel, e.Payload);
            foreach (var channel in _subscribers.Keys)
            {
                await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
                await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
            }
            _listening = _listened = true;
            LogListening(_log, _channels);
            try
            {
                // Whatever happened while nobody listened is unknown: every subscriber looks again.
                foreach (var channel in _subscribers.Keys)
                    Deliver(channel, null);
                while (true)
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                _listening = false;
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Deliver(string channel, string? payload)
    {
        if (!_subscribers.TryGetValue(channel, out var subscribers))
            return;
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber.OnNotified(payload);
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(_log, ex, channel);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for PostgreSQL notifications on {Channels}")]
    private static partial void LogListening(ILogger log, string channels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection; trying again in {Pause} (meanwhile its subscribers look for themselves)")]
    private static partial void LogLost(ILogger log, Exception ex, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cannot listen for PostgreSQL notifications yet ({Reason}); trying again in {Pause}")]
    private static partial void LogNotListening(ILogger log, string reason, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of PostgreSQL channel {Channel} failed")]
    private static partial void LogSubscriberFailed(ILogger log, Exception ex, string channel);
}
