using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence.Outbox;

/// <summary>Maps <see cref="OutboxShard"/> to <c>outbox_shards</c>, one row per shard, all created with the table.</summary>
public sealed class OutboxShardMap : IEntityTypeConfiguration<OutboxShard>
{
    public void Configure(EntityTypeBuilder<OutboxShard> builder)
    {
        builder.ToTable("outbox_shards");
        builder.HasKey(s => s.Shard).HasName("pk_outbox_shards");

        builder.Property(s => s.Shard).HasColumnName("shard").ValueGeneratedNever();
        builder.Property(s => s.DeliveredTransaction).HasColumnName("delivered_tx");
        builder.Property(s => s.DeliveredId).HasColumnName("delivered_id");
        builder.Property(s => s.Owner).HasColumnName("owner").HasColumnType("text");
        builder.Property(s => s.OwnedUntil).HasColumnName("owned_until").HasColumnType("timestamptz");
        builder.Property(s => s.DeliveredAt).HasColumnName("delivered_at").HasColumnType("timestamptz");

        builder.HasData(Enumerable.Range(0, OutboxShards.Count).Select(shard => new OutboxShard { Shard = (short)shard }));
    }
}
