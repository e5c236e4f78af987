using Microsoft.AspNetCore.Mvc;
using Orders.Api.Errors;

namespace Orders.Api.Operations;

/// <summary>
/// Answers 503 with Retry-After, never 500, when a request fails because PostgreSQL is unavailable. Nothing was
/// half made: every write of a checkout is one transaction, so the same request may simply be sent again.
/// </summary>
public sealed partial class DependencyFailureMiddleware(RequestDelegate next, ILogger<DependencyFailureMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (DependencyFailures.IsDatabaseUnavailable(ex) && !context.Response.HasStarted)
        {
            LogUnavailable(log, context.Request.Method, context.Request.Path, DependencyFailures.Describe(ex));
            context.Response.Clear();
            await ApiProblems.WriteUnavailableAsync(context, new ProblemDetails
            {
                Title = "Database unavailable",
                Detail = "The order database cannot be reached right now; nothing was changed. Send the same request again after the Retry-After interval; a repeated requestId is safe.",
            }).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger log, string method, PathString path, string reason);
}
