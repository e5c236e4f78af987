using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.OrderHistory;
using Orders.Api.Validation;
using Orders.Persistence.Admin;

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

    /// <summary>
    /// One page of an admin listing: the listing's own filters are checked first, then the paging, and every error is
    /// answered together as a 400; otherwise <paramref name="list"/> reads the page.
    /// </summary>
    public async Task<Results<Ok<AdminPage<T>>, ValidationProblem>> ListAsync<TFilter, T>(
        Func<ValidationErrors, TFilter> filter,
        Func<TFilter, int, int, Task<AdminPage<T>>> list)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(list);
        var errors = new ValidationErrors();
        var checkedFilter = filter(errors);
        var (page, pageSize) = Validate(errors);
        if (!errors.IsEmpty)
            return errors.ToProblem();
        return TypedResults.Ok(await list(checkedFilter, page, pageSize).ConfigureAwait(false));
    }
}
