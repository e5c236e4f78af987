using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The ProblemDetails answers of the admin API.</summary>
public static class AdminProblems
{
    public static ProblemHttpResult Unauthorized(bool missing) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Admin key required",
        detail: missing
            ? $"Admin requests need the admin key in the {AdminKey.Header} header."
            : $"The {AdminKey.Header} header does not hold the admin key.");

    public static ProblemHttpResult CheckoutNotFound(string requestId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Checkout not found",
        detail: $"There is no checkout '{requestId}'.");

    public static ProblemHttpResult DeadLetterNotFound(long id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Dead letter not found",
        detail: $"There is no dead letter {id}.");

    public static ProblemHttpResult AlreadyReplayed(DeadLetterView deadLetter) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Dead letter already replayed",
        detail: $"Dead letter {deadLetter.Id} was replayed by {deadLetter.ReplayedBy} at {deadLetter.ReplayedAt:O}; a dead letter is replayed at most once.",
        extensions: new Dictionary<string, object?> { ["replayedAt"] = deadLetter.ReplayedAt, ["replayedBy"] = deadLetter.ReplayedBy });

    /// <summary>Producing failed and the dead letter is unmarked: the same replay may be sent again.</summary>
    public static ProblemHttpResult ReplayFailed(HttpResponse response, string reason)
    {
        response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Dead letter not replayed",
            detail: $"{reason}. The dead letter is left unreplayed; try again later.");
    }

    public static ProblemHttpResult ReplayUnavailable(string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Replay is not available",
        detail: reason);
}
