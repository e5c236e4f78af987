using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.OrderHistory;
using Orders.Api.Validation;

namespace Orders.Api.Admin;

/// <summary>Paging of the admin listings, the same as GET /orders: page from 1, pageSize 1..100 (default 20).</summary>
public readonly record struct AdminPaging(
    [property: Description("1-based page number; default 1.")]
    [FromQuery(Name = "page")] string? Page,
    [property: Description("Rows per page, from 1 to 100; default 20.")]
    [FromQuery(Name = "pageSize")] string? PageSize)
{
    public (int Page, int PageSize) Validate(ValidationErrors errors) => (
        AdminQueryValues.WholeNumber(Page, "page", 1, int.MaxValue, 1, errors),
        AdminQueryValues.WholeNumber(PageSize, "pageSize", 1, OrdersQuery.MaxPageSize, OrdersQuery.DefaultPageSize, errors));
}
