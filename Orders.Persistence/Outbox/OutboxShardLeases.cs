using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Orders.Persistence.Outbox;

/// <summary>
/// Which outbox shards this relay delivers. Every relay announces itself in <c>outbox_relays</c> and holds a fair
/// share of the shards (<see cref="OutboxShards.Count"/> divided by the relays alive) on leases in
/// <c>outbox_shards</c>: it renews its own, takes free or expired ones up to its share, and gives back what is above
/// it, so a new instance gets shards within a renewal or two and a dead one's shards are taken over once their leases
/// run out. A shard has one owner at a time; the owner's watermark writes are fenced by it.
/// </summary>
public sealed partial class OutboxShardLeases(IDbContextFactory<OrdersDbContext> dbContexts, TimeProvider clock, ILogger<OutboxShardLeases> log)
{
    /// <summary>How long a lease (and a relay's announcement) holds without renewal.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>How often leases are renewed and the shares looked at again.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(2);

    private volatile short[] _owned = [];
    private volatile int _relays = 1;
    private DateTimeOffset _renewedAt = DateTimeOffset.MinValue;

    /// <summary>This relay's name in the tables: host, process and a random part, unique per start.</summary>
    public string RelayId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The shards this relay held at its last renewal (without renewing), for diagnostics.</summary>
    public IReadOnlyList<short> Held => _owned;

    /// <summary>The relays alive at the last renewal, this one included.</summary>
    public int Relays => _relays;

    /// <summary>The shards this relay holds, renewed when the last renewal is older than <see cref="RenewInterval"/>.</summary>
    public async Task<IReadOnlyList<short>> OwnedAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _renewedAt >= RenewInterval)
            await RenewAsync(cancellationToken).ConfigureAwait(false);
        return _owned;
    }

    /// <summary>Announces this relay, renews its leases and moves its share toward the fair one; returns what it holds.</summary>
    public async Task<IReadOnlyList<short>> RenewAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + Lease;
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Read whole (ToList, not Single): EF Core would wrap a composed query around it, and PostgreSQL allows a
                // data-modifying WITH only at the top.
                var relays = (await db.Database.SqlQuery<int>($"""
                    WITH announced AS (
                        INSERT INTO outbox_relays (relay, seen_until) VALUES ({RelayId}, {until})
                        ON CONFLICT (relay) DO UPDATE SET seen_until = excluded.seen_until),
                    gone AS (DELETE FROM outbox_relays WHERE seen_until < {now} AND relay <> {RelayId})
                    SELECT (count(*) FILTER (WHERE relay <> {RelayId} AND seen_until >= {now}))::int + 1 AS "Value" FROM outbox_relays
                    """).ToListAsync(cancellationToken).ConfigureAwait(false)).Single();
                _relays = relays;
                var share = (OutboxShards.Count + relays - 1) / relays;

                var owned = await db.Database.SqlQuery<short>($"""
                    UPDATE outbox_shards SET owned_until = {until} WHERE owner = {RelayId} RETURNING shard AS "Value"
                    """).ToListAsync(cancellationToken).ConfigureAwait(false);
                owned.Sort();

                if (owned.Count > share)
                {
                    var extra = owned.Skip(share).ToArray();
                    await db.Database.ExecuteSqlAsync($"""
                        UPDATE outbox_shards SET owner = NULL, owned_until = NULL WHERE owner = {RelayId} AND shard = ANY({extra})
                        """, cancellationToken).ConfigureAwait(false);
                    owned.RemoveRange(share, owned.Count - share);
                    LogGaveBack(log, extra.Length, relays);
                }
                else if (owned.Count < share)
                {
                    var wanted = share - owned.Count;
                    var taken = await db.Database.SqlQuery<short>($"""
                        UPDATE outbox_shards SET owner = {RelayId}, owned_until = {until}
                        WHERE shard IN (
                            SELECT shard FROM outbox_shards
                            WHERE owner IS NULL OR owned_until < {now}
                            ORDER BY shard LIMIT {wanted}
                            FOR UPDATE SKIP LOCKED)
                        RETURNING shard AS "Value"
                        """).ToListAsync(cancellationToken).ConfigureAwait(false);
                    if (taken.Count > 0)
                        LogTook(log, taken.Count, relays);
                    owned.AddRange(taken);
                    owned.Sort();
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _owned = [.. owned];
                _renewedAt = now;
                return _owned;
            }
        }
    }

    /// <summary>Gives every shard back and leaves, so the other relays take them over at once (on a clean stop).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.ExecuteSqlAsync($"""
                WITH left_relays AS (DELETE FROM outbox_relays WHERE relay = {RelayId})
                UPDATE outbox_shards SET owner = NULL, owned_until = NULL WHERE owner = {RelayId}
                """, cancellationToken).ConfigureAwait(false);
        }
        _owned = [];
        _renewedAt = DateTimeOffset.MinValue;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay took {Count} shard(s) ({Relays} relay(s) share them)")]
    private static partial void LogTook(ILogger log, int count, int relays);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay gave back {Count} shard(s) ({Relays} relay(s) share them)")]
    private static partial void LogGaveBack(ILogger log, int count, int relays);
}
