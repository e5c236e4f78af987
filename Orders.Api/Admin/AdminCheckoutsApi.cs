using System.ComponentModel;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Checkout;
using Orders.Api.Errors;
using Orders.Api.Validation;
using Orders.Contracts;
using Orders.Persistence.Admin;
using Orders.StateMachine.Checkout;

namespace Orders.Api.Admin;

/// <summary>Checkouts and orders as operators see them, and cancelling an order for its user.</summary>
public static class AdminCheckoutsApi
{
    public const int DefaultStuckMinutes = 5;
    public const int MaxStuckMinutes = 30 * 24 * 60;

    public static IEndpointRouteBuilder MapAdminCheckoutEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/checkouts", ListAsync)
            .WithName("AdminListCheckouts")
            .WithSummary("List checkouts")
            .WithDescription(
                "Every user's checkouts, newest first, filtered by state, user and ranges of creation and last-change " +
                "time (inclusive). Paged like GET /orders: page from 1, pageSize 1 to 100 (default 20); total counts all matches.");

        admin.MapGet("/checkouts/{requestId}", GetAsync)
            .WithName("AdminGetCheckout")
            .WithSummary("One checkout in full")
            .WithDescription(
                "The checkout, its lines, its timeline (every state it entered, oldest first), the messages it published " +
                "(outbox rows with type, JSON body, creation and delivery time) and the dead letters that name it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/checkouts/{requestId}/cancel", CancelAsync)
            .WithName("AdminCancelCheckout")
            .WithSummary("Cancel a checkout for its user")
            .WithDescription(
                "Cancels the checkout on behalf of the user who made it, exactly as the user's own cancel does: before " +
                "payment it is Cancelled at once; after payment it is Refunding until Payment confirms the refund. 409 when " +
                "its state forbids it. Recorded in the audit log with the X-Admin-Name actor and the outcome.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapGet("/states", CountAsync)
            .WithName("AdminCountCheckoutStates")
            .WithSummary("Checkouts per state")
            .WithDescription("How many checkouts are in each state (every state listed, in the order of the flow) and their total.");

        admin.MapGet("/stuck", StuckAsync)
            .WithName("AdminListStuckCheckouts")
            .WithSummary("List stuck checkouts")
            .WithDescription(
                "Checkouts waiting for Product or Payment (Pricing, AwaitingPayment, Refunding) whose last change is at " +
                "least olderThanMinutes ago (default 5), the longest-waiting first. Paid is not listed: a paid order rests there until it ships.");

        admin.MapGet("/orders", ListOrdersAsync)
            .WithName("AdminListOrders")
            .WithSummary("List orders")
            .WithDescription("Every user's orders (table orders), newest first, filtered by status, user and creation time. Paged like GET /orders.");

        return admin;
    }

    public static Task<Results<Ok<AdminPage<CheckoutView>>, ValidationProblem>> ListAsync(
        [AsParameters] AdminCheckoutsQuery query,
        [AsParameters] AdminPaging paging,
        AdminCheckoutQueries queries,
        CancellationToken cancellationToken)
        => paging.ListAsync(query.Validate, (filter, page, pageSize) => queries.ListAsync(filter, page, pageSize, cancellationToken));

    public static async Task<Results<Ok<CheckoutDetailsView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string requestId,
        AdminCheckoutQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!RequestIds.Check(requestId, errors))
            return errors.ToProblem();

        var checkout = await queries.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        return checkout is null ? AdminProblems.CheckoutNotFound(requestId) : TypedResults.Ok(checkout);
    }

    public static async Task<Ok<StateCountsView>> CountAsync(AdminCheckoutQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.CountByStateAsync(cancellationToken).ConfigureAwait(false));

    public static Task<Results<Ok<AdminPage<CheckoutView>>, ValidationProblem>> StuckAsync(
        [Description("Minutes since the checkout's last change, from 0 to 43200; default 5.")]
        [FromQuery(Name = "olderThanMinutes")] string? olderThanMinutes,
        [AsParameters] AdminPaging paging,
        AdminCheckoutQueries queries,
        CancellationToken cancellationToken)
        => paging.ListAsync(
            errors => AdminQueryValues.WholeNumber(olderThanMinutes, "olderThanMinutes", 0, MaxStuckMinutes, DefaultStuckMinutes, errors),
            (minutes, page, pageSize) => queries.StuckAsync(TimeSpan.FromMinutes(minutes), page, pageSize, cancellationToken));

    public static Task<Results<Ok<AdminPage<OrderView>>, ValidationProblem>> ListOrdersAsync(
        [AsParameters] AdminOrdersQuery query,
        [AsParameters] AdminPaging paging,
        AdminCheckoutQueries queries,
        CancellationToken cancellationToken)
        => paging.ListAsync(query.Validate, (filter, page, pageSize) => queries.ListOrdersAsync(filter, page, pageSize, cancellationToken));

    public static async Task<Results<Accepted<CancellationResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string requestId,
        HttpResponse response,
        [AsParameters] AdminActor actor,
        [AsParameters] AdminCancelServices services,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = actor.Validate(errors);
        if (!RequestIds.Check(requestId, errors) || name is null)
            return errors.ToProblem();

        using var scope = services.Log.BeginCheckoutScope(requestId);
        var checkout = await services.Reader.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (checkout is null)
            return await RefusedAsync(services, name, requestId, "not found", AdminProblems.CheckoutNotFound(requestId), cancellationToken).ConfigureAwait(false);

        try
        {
            // The checkout's own user: the saga cancels only for the user who made it.
            var command = new CancelCheckout { RequestId = requestId, UserId = checkout.UserId };
            var reply = await services.Cancel.GetResponse<CancellationAccepted, CancellationRefused>(command, cancellationToken).ConfigureAwait(false);
            if (reply.Is(out Response<CancellationRefused>? refused))
            {
                var (state, reason) = (refused.Message.State, refused.Message.Reason);
                return state == CheckoutReplies.NotFoundState
                    ? await RefusedAsync(services, name, requestId, "not found", AdminProblems.CheckoutNotFound(requestId), cancellationToken).ConfigureAwait(false)
                    : await RefusedAsync(services, name, requestId, $"refused in {state}: {reason}", ApiProblems.CancellationRefused(requestId, state, reason), cancellationToken).ConfigureAwait(false);
            }

            var accepted = (CancellationAccepted)reply.Message;
            AdminLog.CancelAccepted(services.Log, name, requestId, checkout.UserId, accepted.State);
            await services.Audit.RecordAsync(name, AdminAuditLog.CancelOrder, requestId, $"accepted: {accepted.State}", CancellationToken.None).ConfigureAwait(false);
            return TypedResults.Accepted(LocationOf(requestId), new CancellationResponse(requestId, accepted.State));
        }
        catch (RequestTimeoutException)
        {
            // The cancel may still be applied: the audit says it was not confirmed, not that it failed.
            return await RefusedAsync(services, name, requestId, "not confirmed: the saga did not answer in time", ApiProblems.Busy(response), cancellationToken).ConfigureAwait(false);
        }
    }

    public static string LocationOf(string requestId) => $"{AdminEndpoints.Route}/checkouts/{requestId}";

    private static async Task<ProblemHttpResult> RefusedAsync(
        AdminCancelServices services, string actor, string requestId, string outcome, ProblemHttpResult problem, CancellationToken cancellationToken)
    {
        AdminLog.CancelRefused(services.Log, actor, requestId, outcome);
        await services.Audit.RecordAsync(actor, AdminAuditLog.CancelOrder, requestId, outcome, cancellationToken).ConfigureAwait(false);
        return problem;
    }
}
