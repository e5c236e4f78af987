using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Contracts;

namespace Orders.StateMachine.Persistence.Outbox;

/// <summary>
/// For a bus that keeps messages in process memory only (MassTransit's in-memory transport). A message the
/// relay handed to it is gone when the process stops before it was consumed, although its row says delivered;
/// so is an answer Product or Payment gave to it. Before the bus starts, this marks undelivered again the
/// request each waiting checkout waits on (its latest Product or Payment request, while its deadline is set),
/// so the relay hands it over again with the same message id. Product and Payment answer a repeated request as
/// they did the first time, and the saga ignores an answer it already has. A durable transport needs none of this.
/// </summary>
public sealed partial class InMemoryBusRecovery(IDbContextFactory<OrdersDbContext> dbContexts, ILogger<InMemoryBusRecovery> log) : IHostedService
{
    private static readonly string[] AwaitedRequests =
    [
        OutboxMessageTypes.NameOf(typeof(ProductRequestEvent)),
        OutboxMessageTypes.NameOf(typeof(PaymentRequestEvent)),
    ];

    /// <summary>Marks the awaited requests undelivered; returns how many.</summary>
    public async Task<int> RedeliverAwaitedRequestsAsync(CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_messages
                SET delivered_at = NULL
                WHERE delivered_at IS NOT NULL
                  AND id IN (
                      SELECT DISTINCT ON (m.request_id) m.id
                      FROM outbox_messages AS m
                      JOIN checkout_sagas AS s ON s.request_id = m.request_id
                      WHERE s.deadline_at IS NOT NULL AND m.message_type = ANY({AwaitedRequests})
                      ORDER BY m.request_id, m.id DESC)
                """, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await RedeliverAwaitedRequestsAsync(cancellationToken).ConfigureAwait(false);
            if (count > 0)
                LogRedelivering(log, count);
        }
        catch (NpgsqlException ex)
        {
            LogFailed(log, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending again the requests {Count} waiting checkouts await: the in-memory bus lost what it held when the process stopped")]
    private static partial void LogRedelivering(ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for requests that waiting checkouts await; those lost with the previous process end at their deadline")]
    private static partial void LogFailed(ILogger log, Exception ex);
}
