using Orders.StateMachine.Reading;

namespace Orders.Api.Checkout;

/// <summary>One line of a checkout; name and prices stay null until the Product service has priced it.</summary>
public sealed record CheckoutItemResponse(int ProductId, string? Name, int Quantity, decimal? UnitPrice, decimal? LineTotal)
{
    public static CheckoutItemResponse Of(LineSnapshot line) => new(line.ProductId, line.Name, line.Quantity, line.UnitPrice, line.LineTotal);
}
