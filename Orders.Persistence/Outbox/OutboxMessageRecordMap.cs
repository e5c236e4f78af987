using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence.Outbox;

/// <summary>
/// Maps <see cref="OutboxMessageRecord"/> to <c>outbox_messages</c>, indexed in the order each shard is delivered in.
/// The body is <c>json</c>, not <c>jsonb</c>: it keeps the text as serialized, keys in order, for the relay to send as is.
/// </summary>
public sealed class OutboxMessageRecordMap : IEntityTypeConfiguration<OutboxMessageRecord>
{
    public void Configure(EntityTypeBuilder<OutboxMessageRecord> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id).HasName("pk_outbox_messages");

        builder.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(m => m.RequestId).HasColumnName("request_id").HasColumnType("text");
        builder.Property(m => m.MessageType).HasColumnName("message_type").HasColumnType("text");
        builder.Property(m => m.Body).HasColumnName("body").HasColumnType("json");
        builder.Property(m => m.CreatedAt).HasColumnName("created_at").HasColumnType("timestamptz");
        builder.Property(m => m.Shard).HasColumnName("shard");
        // Written by the database, never by EF Core: the id of the transaction inserting the row (as a bigint, which
        // the 64-bit xid8 fits in). Not read back after an insert either; nothing in the step needs it.
        builder.Property(m => m.Transaction).HasColumnName("tx")
            .HasDefaultValueSql("(pg_current_xact_id()::text::bigint)")
            .ValueGeneratedNever()
            .Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(m => m.TraceParent).HasColumnName("trace_parent").HasColumnType("text");
        builder.Property(m => m.TraceState).HasColumnName("trace_state").HasColumnType("text");
        builder.Ignore(m => m.MessageId);

        builder.HasIndex(m => new { m.Shard, m.Transaction, m.Id }).HasDatabaseName("ix_outbox_messages_shard_tx_id");
        builder.HasIndex(m => new { m.RequestId, m.Id }).HasDatabaseName("ix_outbox_messages_request_id_id");
    }
}
