using Microsoft.EntityFrameworkCore;
using Orders.Persistence;
using Orders.Persistence.Outbox;

namespace Orders.Tests.Persistence;

/// <summary>Outbox rows as tests need them: written as the saga writes them, some already delivered (below their shard's watermark).</summary>
public static class OutboxRows
{
    /// <summary>
    /// Writes the delivered rows, moves their shards' watermarks past them, then writes the undelivered ones in a later
    /// transaction, so those lie above every watermark whatever their shard.
    /// </summary>
    public static async Task AddAsync(OrdersTestDatabase database, IEnumerable<OutboxMessageRecord> delivered, IEnumerable<OutboxMessageRecord> undelivered)
    {
        await using (var db = database.CreateDbContext())
        {
            var rows = delivered.ToList();
            db.OutboxMessages.AddRange(rows);
            await db.SaveChangesAsync();
            var ids = rows.Select(r => r.Id).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_shards s SET delivered_tx = last.tx, delivered_id = last.id, delivered_at = now()
                FROM (SELECT DISTINCT ON (shard) shard, tx, id FROM outbox_messages WHERE id = ANY({ids}) ORDER BY shard, tx DESC, id DESC) last
                WHERE s.shard = last.shard
                """);
        }

        await using (var db = database.CreateDbContext())
        {
            db.OutboxMessages.AddRange(undelivered);
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The ids of a checkout's rows that are delivered.</summary>
    public static Task<List<long>> DeliveredIdsAsync(OrdersDbContext db, string requestId) =>
        db.OutboxMessages.Where(m => m.RequestId == requestId).Delivered(db).Select(m => m.Id).ToListAsync();
}
