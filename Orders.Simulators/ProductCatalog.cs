using Orders.Contracts;

namespace Orders.Simulators;

/// <summary>
/// The simulated Product service's rules: products 1..999 exist, are named "Product N" and cost
/// N + 0.99 USD; product 404 exists but is unavailable; any other id is unknown.
/// </summary>
public static class ProductCatalog
{
    public const string Currency = "USD";
    public const int UnavailableProductId = 404;

    public static ProductResponseItem Describe(int productId) => productId switch
    {
        < 1 or > 999 => new ProductResponseItem { ProductId = productId, Available = false },
        UnavailableProductId => new ProductResponseItem { ProductId = productId, Name = NameOf(productId), Available = false },
        _ => new ProductResponseItem { ProductId = productId, Name = NameOf(productId), UnitPrice = productId + 0.99m, Available = true },
    };

    public static ProductResponseEvent Answer(ProductRequestEvent request) => new()
    {
        RequestId = request.RequestId,
        Currency = Currency,
        Items = request.Items.Select(i => Describe(i.ProductId)).ToList(),
    };

    private static string NameOf(int productId) => $"Product {productId}";
}
