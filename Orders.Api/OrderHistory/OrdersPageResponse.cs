namespace Orders.Api.OrderHistory;

/// <summary>A page of the caller's orders, newest first; total counts all of them.</summary>
public sealed record OrdersPageResponse(int Page, int PageSize, int Total, IReadOnlyList<OrderSummaryResponse> Orders);
