using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence.Audit;

/// <summary>Maps <see cref="AdminActionRecord"/> to <c>admin_actions</c>, an append-only log read newest first.</summary>
public sealed class AdminActionRecordMap : IEntityTypeConfiguration<AdminActionRecord>
{
    public void Configure(EntityTypeBuilder<AdminActionRecord> builder)
    {
        builder.ToTable("admin_actions");
        builder.HasKey(e => e.Id).HasName("pk_admin_actions");

        builder.Property(e => e.Id).HasColumnName("id").UseSerialColumn();
        builder.Property(e => e.Actor).HasColumnName("actor").HasColumnType("text");
        builder.Property(e => e.Action).HasColumnName("action").HasColumnType("text");
        builder.Property(e => e.Target).HasColumnName("target").HasColumnType("text");
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasColumnType("text");
        builder.Property(e => e.At).HasColumnName("at").HasColumnType("timestamptz");

        builder.HasIndex(e => e.Target).HasDatabaseName("ix_admin_actions_target");
        builder.HasIndex(e => e.At).HasDatabaseName("ix_admin_actions_at");
    }
}
