using System.ComponentModel;

namespace Orders.Api.Gateway;

/// <summary>The body of POST /Order/Order-Summary, the legacy shape of a checkout: each line names its product as "id".</summary>
public sealed record OrderSummaryRequest(
    [property: Description("The client's idempotency key: 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'.")] string RequestId,
    [property: Description("1 to 100 lines, each product at most once.")] IReadOnlyList<OrderSummaryItem> Items);

/// <summary>One line of a legacy checkout.</summary>
public sealed record OrderSummaryItem(
    [property: Description("A positive product id.")] int Id,
    [property: Description("From 1 to 1000.")] int Quantity);
