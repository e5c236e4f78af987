using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Identity;
using Orders.Api.Validation;
using Orders.StateMachine.Reading;

namespace Orders.Api.OrderHistory;

/// <summary>The caller's order history.</summary>
public static class OrdersApi
{
    public static RouteGroupBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/orders").WithTags("Orders");

        api.MapGet("/", ListAsync)
            .WithName("ListOrders")
            .WithSummary("List the caller's orders")
            .WithDescription(
                "The caller's checkouts that became orders (priced and given an order id), newest first, whatever " +
                "their state now. page starts at 1; pageSize is 1 to 100 (default 20); total counts all of them.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    public static async Task<Results<Ok<OrdersPageResponse>, ValidationProblem>> ListAsync(
        [AsParameters] CallerHeaders headers,
        [AsParameters] OrdersQuery query,
        ICheckoutReader reader,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        var (page, pageSize) = query.Validate(errors);
        if (caller is null || !errors.IsEmpty)
            return errors.ToProblem();

        var orders = await reader.ListOrdersAsync(caller.UserId, page, pageSize, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new OrdersPageResponse(
            orders.Page,
            orders.PageSize,
            orders.Total,
            orders.Orders.Select(OrderSummaryResponse.Of).ToList()));
    }
}
