namespace Orders.Persistence.Outbox;

/// <summary>
/// One shard of the outbox (<see cref="OutboxShards"/>): how far it is delivered, and which relay delivers it.
/// Delivered means every row of the shard at or below the watermark (<see cref="DeliveredTransaction"/>,
/// <see cref="DeliveredId"/>) in (transaction, id) order; rows are never rewritten to say so.
/// </summary>
public sealed class OutboxShard
{
    public short Shard { get; set; }

    /// <summary>The transaction of the last delivered row (its <see cref="OutboxMessageRecord.Transaction"/>).</summary>
    public long DeliveredTransaction { get; set; }

    /// <summary>The id of the last delivered row.</summary>
    public long DeliveredId { get; set; }

    /// <summary>The relay that delivers the shard now, or null when none does.</summary>
    public string? Owner { get; set; }

    /// <summary>Until when the owner holds the shard unless it renews it; after that another relay may take it.</summary>
    public DateTimeOffset? OwnedUntil { get; set; }

    /// <summary>When the watermark last moved.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}
