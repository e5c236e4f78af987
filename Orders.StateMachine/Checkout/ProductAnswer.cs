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

        // Two prices for one product leave no way to tell which one Product meant.
        if (answer.Items.GroupBy(i => i.ProductId).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return (ReasonCodes.InvalidPricing, $"Product service priced product {twice.Key} more than once");

        var answers = answer.Items.ToDictionary(i => i.ProductId);
        var lineTotals = new decimal[saga.Lines.Count];
        var total = 0m;
        for (var i = 0; i < saga.Lines.Count; i++)
        {
            var line = saga.Lines[i];
            if (!answers.TryGetValue(line.ProductId, out var item))
                return (ReasonCodes.InvalidPricing, $"Product service did not price product {line.ProductId}");
            if (item.Name is null)
                return (ReasonCodes.UnknownProduct, $"Product {line.ProductId} does not exist");
            if (!item.Available)
                return (ReasonCodes.OutOfStock, $"Product {line.ProductId} ({item.Name}) is not available");
            if (item.UnitPrice is not > 0m)
                return (ReasonCodes.InvalidPricing, $"Product {line.ProductId} has no valid price");
            // Compared before multiplying, so a price that would overflow the product is refused, not thrown on.
            if (item.UnitPrice.Value > Money.MaxAmount / Math.Max(line.Quantity, 1))
                return (ReasonCodes.InvalidPricing, $"Product {line.ProductId} is priced beyond what an order can hold");
            lineTotals[i] = Money.Round(item.UnitPrice.Value * line.Quantity);
            if (lineTotals[i] > Money.MaxAmount)
                return (ReasonCodes.InvalidPricing, $"Product {line.ProductId} is priced beyond what an order can hold");
            total += lineTotals[i];
            if (total > Money.MaxAmount)
                return (ReasonCodes.InvalidPricing, "The order's total is beyond what an order can hold");
        }

        for (var i = 0; i < saga.Lines.Count; i++)
        {
            var line = saga.Lines[i];
            var item = answers[line.ProductId];
            line.Name = item.Name;
            line.UnitPrice = item.UnitPrice;
            line.LineTotal = lineTotals[i];
        }

        saga.Currency = answer.Currency;
        saga.TotalAmount = total;
        return null;
    }
}
