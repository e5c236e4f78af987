using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Orders.Api.Errors;

/// <summary>
/// Turns an error no endpoint expected into a ProblemDetails answer that names only the trace id:
/// the exception itself goes to the log, never to the caller.
/// </summary>
public sealed partial class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException bad
            ? new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read", Detail = bad.Message }
            : new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = "The error was logged. Quote the traceId when reporting it.",
            };

        if (problem.Status == StatusCodes.Status500InternalServerError)
            LogUnexpected(log, httpContext.Request.Method, httpContext.Request.Path, exception);

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method} {Path}")]
    private static partial void LogUnexpected(ILogger log, string method, PathString path, Exception exception);
}
