using Microsoft.EntityFrameworkCore;

namespace Orders.Persistence.Outbox;

/// <summary>What of the outbox is not delivered yet: the rows above their shard's watermark (<see cref="OutboxShard"/>).</summary>
public static class OutboxBacklog
{
    /// <summary>Rows waiting to be delivered, counted shard by shard along the delivery index (not a scan of the table).</summary>
    public static Task<long> CountAsync(OrdersDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.SqlQuery<long>($"""
            SELECT coalesce(sum(waiting.n), 0)::bigint AS "Value"
            FROM outbox_shards s
            CROSS JOIN LATERAL (
                SELECT count(*) AS n FROM outbox_messages m
                WHERE m.shard = s.shard AND (m.tx, m.id) > (s.delivered_tx, s.delivered_id)) waiting
            """).SingleAsync(cancellationToken);
    }

    /// <summary>Whether a row is at or below its shard's watermark, for queries of a few rows (a checkout's messages).</summary>
    public static IQueryable<OutboxMessageRecord> Delivered(this IQueryable<OutboxMessageRecord> messages, OrdersDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return messages.Where(m => db.OutboxShards.Any(s => s.Shard == m.Shard
            && (m.Transaction < s.DeliveredTransaction || (m.Transaction == s.DeliveredTransaction && m.Id <= s.DeliveredId))));
    }
}
