using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence.Outbox;

/// <summary>Maps <see cref="OutboxRelayRecord"/> to <c>outbox_relays</c> (see <see cref="OutboxShardLeases"/>).</summary>
public sealed class OutboxRelayRecordMap : IEntityTypeConfiguration<OutboxRelayRecord>
{
    public void Configure(EntityTypeBuilder<OutboxRelayRecord> builder)
    {
        builder.ToTable("outbox_relays");
        builder.HasKey(r => r.Relay).HasName("pk_outbox_relays");
        builder.Property(r => r.Relay).HasColumnName("relay").HasColumnType("text");
        builder.Property(r => r.SeenUntil).HasColumnName("seen_until").HasColumnType("timestamptz");
    }
}
