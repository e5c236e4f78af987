using Npgsql;

namespace Orders.Benchmark;

/// <summary>What the benchmark asks the service's PostgreSQL database: its durability setting, counters, and the correctness checks.</summary>
public sealed class DatabaseProbe(NpgsqlDataSource database) : IAsyncDisposable
{
    private const string FinalStates = "'Paid','Rejected','PaymentFailed','TimedOut','Cancelled','RefundFailed','Shipped'";

    public Task<string> SynchronousCommitAsync() => ScalarAsync<string>("SHOW synchronous_commit");

    public Task<string> ServerVersionAsync() => ScalarAsync<string>("SHOW server_version");

    /// <summary>
    /// Committed transactions of the database (pg_stat_database.xact_commit: every commit, the relay's and the
    /// reads' too), and saga steps committed so far: one checkout_timeline row is written by each step that moves a
    /// checkout to a new state, in the step's transaction.
    /// </summary>
    public async Task<(long Commits, long SagaSteps)> CountersAsync()
    {
        var commits = await ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").ConfigureAwait(false);
        var steps = await ScalarAsync<long>("SELECT count(*) FROM checkout_timeline").ConfigureAwait(false);
        return (commits, steps);
    }

    /// <summary>What the database holds for the run's checkouts (their requestIds start with <paramref name="prefix"/>).</summary>
    public async Task<DatabaseChecks> CheckAsync(string prefix)
    {
        var like = prefix + "%";
        var sagas = await ScalarAsync<long>("SELECT count(*) FROM checkout_sagas WHERE request_id LIKE @p", like).ConfigureAwait(false);
        var final = await ScalarAsync<long>($"SELECT count(*) FROM checkout_sagas WHERE request_id LIKE @p AND current_state IN ({FinalStates})", like).ConfigureAwait(false);
        var paid = await ScalarAsync<long>("SELECT count(*) FROM checkout_sagas WHERE request_id LIKE @p AND current_state = 'Paid'", like).ConfigureAwait(false);
        var withOrder = await ScalarAsync<long>("SELECT count(*) FROM checkout_sagas WHERE request_id LIKE @p AND order_id IS NOT NULL", like).ConfigureAwait(false);
        var orders = await ScalarAsync<long>("SELECT count(*) FROM orders WHERE request_id LIKE @p", like).ConfigureAwait(false);
        var orderedTwice = await ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT request_id FROM orders WHERE request_id LIKE @p GROUP BY request_id HAVING count(*) > 1) t", like).ConfigureAwait(false);
        var paymentRequests = await ScalarAsync<long>(
            "SELECT count(DISTINCT request_id) FROM outbox_messages WHERE request_id LIKE @p AND message_type LIKE 'Orders.Contracts.PaymentRequestEvent,%'", like).ConfigureAwait(false);
        var paymentRequestedTwice = await ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT request_id FROM outbox_messages WHERE request_id LIKE @p AND message_type LIKE 'Orders.Contracts.PaymentRequestEvent,%' GROUP BY request_id HAVING count(*) > 1) t",
            like).ConfigureAwait(false);
        // Undelivered: above its shard's delivered-up-to watermark (the relay never rewrites a row to mark it).
        var undelivered = await ScalarAsync<long>("""
            SELECT count(*) FROM outbox_messages m JOIN outbox_shards s ON s.shard = m.shard
            WHERE (m.tx, m.id) > (s.delivered_tx, s.delivered_id)
            """).ConfigureAwait(false);
        return new DatabaseChecks(sagas, final, paid, withOrder, orders, orderedTwice, paymentRequests, paymentRequestedTwice, undelivered);
    }

    /// <summary>
    /// Where the time of the measured checkouts went, from their timelines (milliseconds, p50 and p99): from being
    /// recorded (Pricing) to priced (AwaitingPayment: outbox relay, Product, the saga's topic endpoint), and from
    /// there to Paid (the same path through Payment).
    /// </summary>
    public async Task<Dictionary<string, double>> StagesAsync(string measuredPattern)
    {
        const string Sql = """
            WITH t AS (
              SELECT request_id,
                     min(at) FILTER (WHERE state = 'Pricing') AS pricing,
                     min(at) FILTER (WHERE state = 'AwaitingPayment') AS awaiting,
                     min(at) FILTER (WHERE state = 'Paid') AS paid
              FROM checkout_timeline WHERE request_id SIMILAR TO @p GROUP BY request_id)
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM awaiting - pricing)) * 1000,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM awaiting - pricing)) * 1000,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM paid - awaiting)) * 1000,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM paid - awaiting)) * 1000
            FROM t WHERE paid IS NOT NULL
            """;
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("p", measuredPattern);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        double At(int i) => reader.IsDBNull(i) ? double.NaN : reader.GetDouble(i);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["recorded_to_priced_p50"] = At(0),
            ["recorded_to_priced_p99"] = At(1),
            ["priced_to_paid_p50"] = At(2),
            ["priced_to_paid_p99"] = At(3),
        };
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private async Task<T> ScalarAsync<T>(string sql, string? parameter = null)
    {
        await using var command = database.CreateCommand(sql);
        if (parameter is not null)
            command.Parameters.AddWithValue("p", parameter);
        return (T)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}

/// <summary>The run's checkouts as the database holds them.</summary>
public sealed record DatabaseChecks(
    long Checkouts,
    long Final,
    long Paid,
    long WithOrder,
    long Orders,
    long OrderedTwice,
    long PaymentRequests,
    long PaymentRequestedTwice,
    long UndeliveredOutbox);
