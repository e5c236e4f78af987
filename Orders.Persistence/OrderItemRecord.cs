namespace Orders.Persistence;

/// <summary>One priced line of an order, numbered from 1 in the order the client gave.</summary>
public sealed class OrderItemRecord
{
    public long OrderId { get; set; }
    public int LineNumber { get; set; }
    public int ProductId { get; set; }
    public string Name { get; set; } = "";
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal LineTotal { get; set; }
}
