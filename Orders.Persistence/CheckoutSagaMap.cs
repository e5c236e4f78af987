using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Maps <see cref="OrderState"/> to <c>checkout_sagas</c>. The lines live in a jsonb column: they are
/// read and written only with their checkout, and keeping the whole checkout in one row means every
/// change to it, lines included, moves the row's <c>xmin</c> that optimistic concurrency checks.
/// </summary>
public sealed class CheckoutSagaMap : IEntityTypeConfiguration<OrderState>
{
    /// <summary>PostgreSQL's row version: the id of the transaction that last wrote the row.</summary>
    public const string RowVersion = "xmin";

    /// <summary>Which deadline (by token) a sweeper has claimed, so another sweeper does not fire it again.</summary>
    public const string DeadlineClaimToken = "DeadlineClaimToken";

    /// <summary>Until when that claim holds; a deadline whose notice got lost is swept again after it.</summary>
    public const string DeadlineClaimedUntil = "DeadlineClaimedUntil";

    public void Configure(EntityTypeBuilder<OrderState> builder)
    {
        builder.ToTable("checkout_sagas");
        builder.HasKey(s => s.CorrelationId).HasName("pk_checkout_sagas");

        builder.Property(s => s.CorrelationId).HasColumnName("correlation_id").ValueGeneratedNever();
        builder.Property(s => s.CurrentState).HasColumnName("current_state").HasColumnType("text");
        builder.Property(s => s.RequestId).HasColumnName("request_id").HasColumnType("text");
        builder.Property(s => s.UserId).HasColumnName("user_id");
        builder.Property(s => s.Email).HasColumnName("email").HasColumnType("text");
        builder.Property(s => s.Fingerprint).HasColumnName("fingerprint").HasColumnType("text");
        builder.Property(s => s.OrderId).HasColumnName("order_id");
        builder.Property(s => s.TotalAmount).HasColumnName("total_amount").HasColumnType("numeric(18,2)");
        builder.Property(s => s.Currency).HasColumnName("currency").HasMaxLength(3);
        builder.Property(s => s.ReasonCode).HasColumnName("reason_code").HasColumnType("text");
        builder.Property(s => s.Reason).HasColumnName("reason").HasColumnType("text");
        builder.Property(s => s.PaymentTransactionId).HasColumnName("payment_transaction_id").HasColumnType("text");
        builder.Property(s => s.RefundId).HasColumnName("refund_id").HasColumnType("text");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at").HasColumnType("timestamptz");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at").HasColumnType("timestamptz");
        builder.Property(s => s.CancelledAt).HasColumnName("cancelled_at").HasColumnType("timestamptz");
        builder.Property(s => s.DeadlineAt).HasColumnName("deadline_at").HasColumnType("timestamptz");
        builder.Property(s => s.DeadlineToken).HasColumnName("deadline_token");

        builder.ComplexCollection(s => s.Lines, lines =>
        {
            lines.ToJson("lines");
            lines.Property(l => l.ProductId).HasJsonPropertyName("productId");
            lines.Property(l => l.Quantity).HasJsonPropertyName("quantity");
            lines.Property(l => l.Name).HasJsonPropertyName("name");
            lines.Property(l => l.UnitPrice).HasJsonPropertyName("unitPrice");
            lines.Property(l => l.LineTotal).HasJsonPropertyName("lineTotal");
        });

        builder.Property<uint>(RowVersion).HasColumnName("xmin").HasColumnType("xid").IsRowVersion();

        builder.Property<Guid?>(DeadlineClaimToken).HasColumnName("deadline_claim_token");
        builder.Property<DateTimeOffset?>(DeadlineClaimedUntil).HasColumnName("deadline_claimed_until").HasColumnType("timestamptz");

        builder.HasIndex(s => s.RequestId).IsUnique().HasDatabaseName("ux_checkout_sagas_request_id");
        builder.HasIndex(s => new { s.UserId, s.CreatedAt }).IsDescending(false, true).HasDatabaseName("ix_checkout_sagas_user_id_created_at");
        builder.HasIndex(s => s.DeadlineAt).HasFilter("deadline_at IS NOT NULL").HasDatabaseName("ix_checkout_sagas_deadline_at");
        // The retention cleaner looks for finished checkouts by their last change.
        builder.HasIndex(s => s.UpdatedAt).HasDatabaseName("ix_checkout_sagas_updated_at");
    }
}
