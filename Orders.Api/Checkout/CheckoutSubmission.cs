using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Errors;
using Orders.Api.Identity;
using Orders.Contracts;

namespace Orders.Api.Checkout;

/// <summary>
/// Hands a validated checkout to the saga and waits for its verdict. Shared by POST /orders/checkout and the
/// gateway's POST /Order/Order-Summary, which differ only in how they read the request and word the answer.
/// </summary>
public static class CheckoutSubmission
{
    /// <summary>Null when the saga accepted the checkout (new, or the same request again); otherwise the problem to answer: 409 or 503.</summary>
    public static async Task<ProblemHttpResult?> SubmitAsync(
        this CheckoutServices services, Caller caller, CheckoutRequest body, HttpResponse response, CancellationToken cancellationToken)
    {
        using var scope = services.Log.BeginCheckoutScope(body.RequestId);
        var command = new SubmitCheckout
        {
            RequestId = body.RequestId,
            UserId = caller.UserId,
            Email = caller.Email,
            Items = body.Items.Select(i => new CheckoutLine { ProductId = i.ProductId, Quantity = i.Quantity }).ToList(),
        };

        try
        {
            var reply = await services.Submit.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
            if (reply.Is(out Response<CheckoutConflict>? conflict))
            {
                CheckoutLog.Conflict(services.Log, body.RequestId, conflict.Message.Reason);
                return ApiProblems.CheckoutConflict(body.RequestId, conflict.Message.Reason);
            }

            CheckoutLog.Accepted(services.Log, body.RequestId, caller.UserId, command.Items.Count);
            return null;
        }
        catch (RequestTimeoutException)
        {
            CheckoutLog.TimedOut(services.Log, body.RequestId, "the checkout");
            return ApiProblems.Busy(response);
        }
    }
}
