namespace Orders.StateMachine.Checkout;

/// <summary>One line of a checkout: what was asked for and, once priced, what it costs.</summary>
public class OrderLine
{
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public string? Name { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal? LineTotal { get; set; }
}
