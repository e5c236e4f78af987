using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Checkout;
using Orders.Api.Errors;
using Orders.Api.Operations;
using Orders.Api.Validation;
using Orders.Persistence.Reading;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Reading;

namespace Orders.Api.Gateway;

/// <summary>
/// The routes of the service this one replaces, so existing gateways keep working: start a checkout, read its
/// payment result, list the caller's orders. They run the same checkout pipeline and reads as /orders, in the
/// legacy shapes (<see cref="LegacyFormat"/>).
/// </summary>
public static class GatewayApi
{
    public const string Route = "/Order";

    public static RouteGroupBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Route).WithTags("Gateway (legacy routes)");

        api.MapPost("/Order-Summary", SubmitAsync)
            .WithName("LegacySubmitCheckout")
            .RequireRateLimiting(CheckoutAdmission.Policy)
            .WithSummary("Start a checkout (legacy route)")
            .WithDescription(
                "Starts the same checkout as POST /orders/checkout, from the legacy body {\"items\":[{\"id\",\"quantity\"}],\"requestId\"} " +
                "and the X-UserId and X-EMAIL headers. Answers 200 {\"requestId\"} once the checkout is recorded, as the replaced " +
                "service did; that means accepted, not paid: read the outcome from GET /Order/pay-result/{requestId}. The same " +
                "requestId with the same body answers 200 again; with a different body 409. Validation errors name the fields " +
                "in the legacy shape (items[0].id).")
            .Accepts<OrderSummaryRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/pay-result/{requestId}", PayResultAsync)
            .WithName("LegacyPayResult")
            .WithSummary("The payment result of a checkout (legacy route)")
            .WithDescription(
                "How the checkout's payment stands: status PENDING (being priced or charged), SUCCESS (paid, or shipped), FAILED " +
                "(declined, or rejected before payment, with the reason), CANCELLED, REFUNDING or REFUND_FAILED; with the order id " +
                "as \"ORD_<number>\" and the total in cents. A checkout that timed out because the Payment (or Product) service did " +
                "not answer in time answers 504 with a problem titled \"Payment Service did not respond\" (or \"Product Service " +
                "did not respond\"). A checkout of another user answers 404, exactly as one that does not exist.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        api.MapGet("/GetOrder", ListOrders)
            .WithName("LegacyListOrders")
            .WithSummary("List the caller's orders (legacy route)")
            .WithDescription(
                "All of the caller's orders, newest first, as [{\"orderId\":\"ORD_123\",\"totalAmount\":2499,\"status\":\"SUCCESS\"}]: " +
                "totalAmount in cents, status PENDING, SUCCESS (paid or shipped), FAILED, TIMEOUT, CANCELLED, REFUNDING or REFUND_FAILED.");

        return api;
    }

    public static async Task<Results<Ok<CheckoutAcceptedResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        [AsParameters] GatewayCallerHeaders headers,
        [AsParameters] CheckoutServices services,
        CancellationToken cancellationToken)
    {
        if (CheckoutBody.MediaTypeProblem(request) is { } mediaTypeProblem)
            return ApiProblems.UnsupportedMediaType(mediaTypeProblem);

        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        var body = await CheckoutBody.ReadAsync(request, "id", errors, cancellationToken).ConfigureAwait(false);
        if (caller is null || body is null)
            return errors.ToProblem();

        return await services.SubmitAsync(caller, body, request.HttpContext.Response, cancellationToken).ConfigureAwait(false) is { } problem
            ? problem
            : TypedResults.Ok(new CheckoutAcceptedResponse(body.RequestId));
    }

    public static async Task<Results<Ok<PayResultResponse>, ValidationProblem, ProblemHttpResult>> PayResultAsync(
        string requestId,
        [AsParameters] GatewayUserHeader header,
        ICheckoutReader reader,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var userId = header.Validate(errors);
        if (!RequestIds.Check(requestId, errors) || userId is null)
            return errors.ToProblem();

        var checkout = await reader.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (checkout is null || checkout.UserId != userId)
            return ApiProblems.CheckoutNotFound(requestId);
        if (checkout.State == nameof(OrderStateMachine.TimedOut))
            return GatewayProblems.NoAnswer(checkout);

        return TypedResults.Ok(PayResultResponse.Of(checkout));
    }

    public static Results<Ok<IAsyncEnumerable<LegacyOrderResponse>>, ValidationProblem> ListOrders(
        [AsParameters] GatewayUserHeader header,
        UserOrders orders,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var userId = header.Validate(errors);
        if (userId is null)
            return errors.ToProblem();

        return TypedResults.Ok(GatewayOrderQuery.ListAsync(orders, userId.Value, cancellationToken));
    }
}
