namespace Orders.Persistence;

/// <summary>
/// An order as other parts of the system query it: written by the saga repository in the same
/// transaction as the checkout step that created or changed it.
/// </summary>
public sealed class OrderRecord
{
    public long Id { get; set; }
    public string RequestId { get; set; } = "";
    public long UserId { get; set; }
    public decimal TotalAmount { get; set; }
    public string Currency { get; set; } = "";

    /// <summary>One of <see cref="OrderStatus"/>'s values.</summary>
    public string Status { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<OrderItemRecord> Items { get; set; } = [];
}
