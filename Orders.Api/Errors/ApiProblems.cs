using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Orders.Api.Errors;

/// <summary>The ProblemDetails answers the endpoints give, worded once.</summary>
public static class ApiProblems
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The same answer for a checkout that does not exist and one that belongs to another user.</summary>
    public static ProblemHttpResult CheckoutNotFound(string requestId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Checkout not found",
        detail: $"There is no checkout '{requestId}' for this user.");

    public static ProblemHttpResult CheckoutConflict(string requestId, string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "requestId already used",
        detail: $"Checkout '{requestId}': {reason}.");

    public static ProblemHttpResult CancellationRefused(string requestId, string state, string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Checkout cannot be cancelled",
        detail: $"Checkout '{requestId}': {reason}.",
        extensions: new Dictionary<string, object?> { ["state"] = state });

    public static ProblemHttpResult UnsupportedMediaType(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported Content-Type",
        detail: detail);

    /// <summary>The saga did not answer in time: nothing is lost, and the same request may be sent again.</summary>
    public static ProblemHttpResult Busy(HttpResponse response)
    {
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Checkout service is busy",
            detail: "The checkout service did not answer in time. Send the same request again after the Retry-After interval; a repeated requestId is safe.");
    }

    /// <summary>The instance has as many live status streams open as it keeps: poll, or open the stream again later.</summary>
    public static ProblemHttpResult TooManyStreams(HttpResponse response, int limit)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many live status streams",
            detail: $"This instance already streams {limit} checkouts (LiveStatus:MaxStreams). Poll GET /orders/checkout/{{requestId}}, or open the stream again after the Retry-After interval.",
            extensions: new Dictionary<string, object?> { ["reason"] = "too_many_streams", ["limit"] = limit });
    }

    /// <summary>
    /// Writes a 503 with Retry-After from a middleware (before or around an endpoint): the problem's status is set to
    /// 503, the body is the problem as JSON. The same request may be sent again after the interval.
    /// </summary>
    public static ValueTask WriteUnavailableAsync(HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        problem.Status = StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
