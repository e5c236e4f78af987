using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence.DeadLetters;

/// <summary>Maps <see cref="DeadLetterRecord"/> to <c>dead_letters</c>, found by checkout or newest first.</summary>
public sealed class DeadLetterRecordMap : IEntityTypeConfiguration<DeadLetterRecord>
{
    public void Configure(EntityTypeBuilder<DeadLetterRecord> builder)
    {
        builder.ToTable("dead_letters");
        builder.HasKey(e => e.Id).HasName("pk_dead_letters");

        builder.Property(e => e.Id).HasColumnName("id").UseSerialColumn();
        builder.Property(e => e.RequestId).HasColumnName("request_id").HasColumnType("text");
        builder.Property(e => e.Topic).HasColumnName("topic").HasColumnType("text");
        builder.Property(e => e.Partition).HasColumnName("partition");
        builder.Property(e => e.Offset).HasColumnName("offset");
        builder.Property(e => e.MessageType).HasColumnName("message_type").HasColumnType("text");
        builder.Property(e => e.Error).HasColumnName("error").HasColumnType("text");
        builder.Property(e => e.Key).HasColumnName("key").HasColumnType("text");
        builder.Property(e => e.Value).HasColumnName("value").HasColumnType("text");
        builder.Property(e => e.Headers).HasColumnName("headers").HasColumnType("jsonb");
        builder.Property(e => e.FailedAt).HasColumnName("failed_at").HasColumnType("timestamptz");
        builder.Property(e => e.ReplayedAt).HasColumnName("replayed_at").HasColumnType("timestamptz");
        builder.Property(e => e.ReplayedBy).HasColumnName("replayed_by").HasColumnType("text");

        builder.HasIndex(e => new { e.Topic, e.Partition, e.Offset }).IsUnique().HasDatabaseName("ux_dead_letters_topic_partition_offset");
        builder.HasIndex(e => e.RequestId).HasDatabaseName("ix_dead_letters_request_id");
        builder.HasIndex(e => e.FailedAt).HasDatabaseName("ix_dead_letters_failed_at");
    }
}
