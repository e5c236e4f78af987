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

    /// <summary>How often the outbox backlog, dead letters and stuck checkouts are counted in the database.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stop (SIGTERM, Ctrl-C) may take: requests in flight finish, consumers leave their group.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
