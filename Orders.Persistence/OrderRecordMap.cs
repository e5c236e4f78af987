using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence;

/// <summary>Maps <see cref="OrderRecord"/> to <c>orders</c>; its id comes from the <c>order_numbers</c> sequence through the saga.</summary>
public sealed class OrderRecordMap : IEntityTypeConfiguration<OrderRecord>
{
    public void Configure(EntityTypeBuilder<OrderRecord> builder)
    {
        builder.ToTable("orders");
        // Room on each page for the row's next version: the status update touches no indexed column, so it stays on
        // the page (a HOT update) and writes no index entries.
        builder.HasStorageParameter("fillfactor", 80);
        builder.HasKey(o => o.Id).HasName("pk_orders");

        builder.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(o => o.RequestId).HasColumnName("request_id").HasColumnType("text");
        builder.Property(o => o.UserId).HasColumnName("user_id");
        builder.Property(o => o.TotalAmount).HasColumnName("total_amount").HasColumnType("numeric(18,2)");
        builder.Property(o => o.Currency).HasColumnName("currency").HasMaxLength(3);
        builder.Property(o => o.Status).HasColumnName("status").HasColumnType("text");
        builder.Property(o => o.CreatedAt).HasColumnName("created_at").HasColumnType("timestamptz");
        builder.Property(o => o.UpdatedAt).HasColumnName("updated_at").HasColumnType("timestamptz");

        builder.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_order_items_orders_order_id");

        builder.HasIndex(o => o.RequestId).IsUnique().HasDatabaseName("ux_orders_request_id");
        builder.HasIndex(o => new { o.UserId, o.CreatedAt }).IsDescending(false, true).HasDatabaseName("ix_orders_user_id_created_at");
    }
}
