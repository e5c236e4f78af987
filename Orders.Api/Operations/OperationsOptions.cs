namespace Orders.Api.Operations;

/// <summary>Settings of health, metrics, back-pressure and shutdown, bound from the "Operations" section.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>A checkout waiting for Product or Payment (or a refund) longer than this counts as stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Undelivered outbox messages above which the service is not ready and refuses new checkouts (503):
    /// the saga's messages are not getting out, so new checkouts would only wait behind them.
    /// </summary>
    public long MaxOutboxBacklog { get; set; } = 10_000;

    /// <summary>Records waiting in this process's Kafka partitions above which new checkouts are refused (503).</summary>
    public long MaxConsumerLag { get; set; } = 10_000;

    /// <summary>
    /// New checkouts being recorded at once (each holds a database connection and transaction meanwhile); more wait
    /// in a queue. Keep it well under the connection pool (Npgsql's Max Pool Size, 100 by default), which the saga's
    /// Kafka steps need too.
    /// </summary>
    public int MaxConcurrentCheckouts { get; set; } = 32;

    /// <summary>
    /// New checkouts recorded together in one transaction, at most: those waiting when a submit worker is free (1
    /// records each alone). The 202 of each still waits for that transaction's commit.
    /// </summary>
    public int SubmitBatchSize { get; set; } = 32;

    /// <summary>Workers recording new checkouts, each a group at a time on one database connection.</summary>
    public int SubmitBatchWorkers { get; set; } = 2;

    /// <summary>New checkouts that may wait for their turn; one more is refused at once with 503 (reason too_many_checkouts).</summary>
    public int CheckoutQueueLimit { get; set; } = 256;

    /// <summary>How often the outbox backlog, dead letters and stuck checkouts are counted in the database.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stop (SIGTERM, Ctrl-C) may take: requests in flight finish, consumers leave their group.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
