using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>Applies the Product service's answer to a checkout: prices every line, or says why it cannot be sold.</summary>
public static class ProductAnswer
{
    /// <summary>Prices the saga's lines; returns the rejection (code, reason) when any line cannot be sold.</summary>
    public static (string Code, string Reason)? Apply(OrderState saga, ProductResponseEvent answer)
    {
        if (answer.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
            return (ReasonCodes.InvalidPricing, $"Product service answered with an invalid currency '{answer.Currency}'");

        var answers = answer.Items.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.First());
        foreach (var line in saga.Lines)
        {
            if (!answers.TryGetValue(line.ProductId, out var item))
                return (ReasonCodes.InvalidPricing, $"Product service did not price product {line.ProductId}");
            if (item.Name is null)
                return (ReasonCodes.UnknownProduct, $"Product {line.ProductId} does not exist");
            if (!item.Available)
                return (ReasonCodes.OutOfStock, $"Product {line.ProductId} ({item.Name}) is not available");
            if (item.UnitPrice is not > 0m)
                return (ReasonCodes.InvalidPricing, $"Product {line.ProductId} has no valid price");
        }

        foreach (var line in saga.Lines)
        {
            var item = answers[line.ProductId];
            line.Name = item.Name;
            line.UnitPrice = item.UnitPrice;
            line.LineTotal = Money.Round(item.UnitPrice!.Value * line.Quantity);
        }

        saga.Currency = answer.Currency;
        saga.TotalAmount = saga.Lines.Sum(l => l.LineTotal!.Value);
        return null;
    }
}
