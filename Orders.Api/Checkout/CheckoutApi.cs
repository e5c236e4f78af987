using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Errors;
using Orders.Api.Identity;
using Orders.Api.Operations;
using Orders.Api.Validation;
using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Api.Checkout;

/// <summary>Starting, polling and cancelling a checkout. Thin: the saga decides, these endpoints ask and report.</summary>
public static class CheckoutApi
{
    public const string Route = "/orders/checkout";

    public static RouteGroupBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Route).WithTags("Checkout");

        api.MapPost("/", SubmitAsync)
            .WithName("SubmitCheckout")
            .RequireRateLimiting(CheckoutAdmission.Policy)
            .WithSummary("Start a checkout")
            .WithDescription(
                "Starts a checkout for the caller, keyed by the client's requestId. The checkout is recorded before the " +
                "answer, so the Location it names can be polled at once. Sending the same requestId with the same body " +
                "again is safe and answers 202 again; the same requestId with a different body is a 409 Conflict. " +
                "The body is JSON of at most 64 KiB: 1 to 100 lines, each product once, quantities from 1 to 1000.")
            .Accepts<CheckoutRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/{requestId}", GetAsync)
            .WithName("GetCheckout")
            .WithSummary("Poll a checkout")
            .WithDescription(
                "The checkout's state (Pricing, AwaitingPayment, Paid, Rejected, PaymentFailed, TimedOut, Refunding, " +
                "Cancelled, RefundFailed, Shipped), the reason of an unhappy end, its order id once priced, its lines, total, " +
                "timestamps, and its timeline: every state it entered, oldest first, with the reason code and time. A checkout of another user answers 404, exactly as one that does not exist.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/{requestId}/cancel", CancelAsync)
            .WithName("CancelCheckout")
            .WithSummary("Cancel a checkout")
            .WithDescription(
                "Cancels the caller's checkout. Before payment it is cancelled at once (state Cancelled); after payment " +
                "the state is Refunding until the Payment service confirms the refund, then Cancelled. A checkout that " +
                "ended otherwise (rejected, failed, timed out, shipped) cannot be cancelled: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return api;
    }

    public static async Task<Results<Accepted<CheckoutAcceptedResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        [AsParameters] CallerHeaders headers,
        [AsParameters] CheckoutServices services,
        CancellationToken cancellationToken)
    {
        if (CheckoutBody.MediaTypeProblem(request) is { } mediaTypeProblem)
            return ApiProblems.UnsupportedMediaType(mediaTypeProblem);

        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        var body = await CheckoutBody.ReadAsync(request, errors, cancellationToken).ConfigureAwait(false);
        if (caller is null || body is null)
            return errors.ToProblem();

        return await services.SubmitAsync(caller, body, request.HttpContext.Response, cancellationToken).ConfigureAwait(false) is { } problem
            ? problem
            : TypedResults.Accepted(LocationOf(body.RequestId), new CheckoutAcceptedResponse(body.RequestId));
    }

    public static async Task<Results<Ok<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string requestId,
        [AsParameters] CallerHeaders headers,
        [AsParameters] CheckoutServices services,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        if (!RequestIds.Check(requestId, errors) || caller is null)
            return errors.ToProblem();

        using var scope = services.Log.BeginCheckoutScope(requestId);
        var checkout = await services.Reader.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (checkout is null || checkout.UserId != caller.UserId)
            return ApiProblems.CheckoutNotFound(requestId);

        return TypedResults.Ok(CheckoutResponse.Of(checkout));
    }

    public static async Task<Results<Accepted<CancellationResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string requestId,
        HttpResponse response,
        [AsParameters] CallerHeaders headers,
        [AsParameters] CheckoutServices services,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        if (!RequestIds.Check(requestId, errors) || caller is null)
            return errors.ToProblem();

        using var scope = services.Log.BeginCheckoutScope(requestId);
        var checkout = await services.Reader.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (checkout is null || checkout.UserId != caller.UserId)
            return ApiProblems.CheckoutNotFound(requestId);

        try
        {
            var command = new CancelCheckout { RequestId = requestId, UserId = caller.UserId };
            var reply = await services.Cancel.GetResponse<CancellationAccepted, CancellationRefused>(command, cancellationToken).ConfigureAwait(false);
            if (reply.Is(out Response<CancellationRefused>? refused))
            {
                var (state, reason) = (refused.Message.State, refused.Message.Reason);
                CheckoutLog.CancellationRefused(services.Log, requestId, state, reason);
                return state == CheckoutReplies.NotFoundState
                    ? ApiProblems.CheckoutNotFound(requestId)
                    : ApiProblems.CancellationRefused(requestId, state, reason);
            }

            var accepted = (CancellationAccepted)reply.Message;
            CheckoutLog.CancellationAccepted(services.Log, requestId, accepted.State);
            return TypedResults.Accepted(LocationOf(requestId), new CancellationResponse(requestId, accepted.State));
        }
        catch (RequestTimeoutException)
        {
            CheckoutLog.TimedOut(services.Log, requestId, "the cancellation");
            return ApiProblems.Busy(response);
        }
    }

    public static string LocationOf(string requestId) => $"{Route}/{requestId}";
}
