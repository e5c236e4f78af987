using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Persistence;

/// <summary>Maps <see cref="OrderItemRecord"/> to <c>order_items</c>, keyed by order and line number.</summary>
public sealed class OrderItemRecordMap : IEntityTypeConfiguration<OrderItemRecord>
{
    public void Configure(EntityTypeBuilder<OrderItemRecord> builder)
    {
        builder.ToTable("order_items");
        builder.HasKey(i => new { i.OrderId, i.LineNumber }).HasName("pk_order_items");

        builder.Property(i => i.OrderId).HasColumnName("order_id");
        builder.Property(i => i.LineNumber).HasColumnName("line_number");
        builder.Property(i => i.ProductId).HasColumnName("product_id");
        builder.Property(i => i.Name).HasColumnName("name").HasColumnType("text");
        builder.Property(i => i.Quantity).HasColumnName("quantity");
        builder.Property(i => i.UnitPrice).HasColumnName("unit_price").HasColumnType("numeric(18,2)");
        builder.Property(i => i.LineTotal).HasColumnName("line_total").HasColumnType("numeric(18,2)");
    }
}
