using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Maps <see cref="CheckoutTimelineEntry"/> to <c>checkout_timeline</c>, read per checkout in id order. The rows
/// belong to their checkout: they go when its <c>checkout_sagas</c> row is deleted.
/// </summary>
public sealed class CheckoutTimelineEntryMap : IEntityTypeConfiguration<CheckoutTimelineEntry>
{
    public void Configure(EntityTypeBuilder<CheckoutTimelineEntry> builder)
    {
        builder.ToTable("checkout_timeline");
        builder.HasKey(e => e.Id).HasName("pk_checkout_timeline");

        builder.Property(e => e.Id).HasColumnName("id").UseSerialColumn();
        builder.Property(e => e.CorrelationId).HasColumnName("correlation_id");
        builder.Property(e => e.RequestId).HasColumnName("request_id").HasColumnType("text");
        builder.Property(e => e.State).HasColumnName("state").HasColumnType("text");
        builder.Property(e => e.ReasonCode).HasColumnName("reason_code").HasColumnType("text");
        builder.Property(e => e.At).HasColumnName("at").HasColumnType("timestamptz");

        builder.HasOne<OrderState>().WithMany().HasForeignKey(e => e.CorrelationId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_checkout_timeline_checkout_sagas_correlation_id");

        builder.HasIndex(e => new { e.RequestId, e.Id }).HasDatabaseName("ix_checkout_timeline_request_id_id");
        builder.HasIndex(e => e.CorrelationId).HasDatabaseName("ix_checkout_timeline_correlation_id");
    }
}
