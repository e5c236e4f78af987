using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Orders.Api.Identity;

/// <summary>
/// When a gateway secret is configured, refuses every user request (<see cref="UserRoutes"/>) that does not carry
/// it in X-Gateway-Secret, with one 401 problem whether it is missing or wrong. Only the log says which.
/// </summary>
public sealed partial class GatewayTrustMiddleware(
    RequestDelegate next, IOptions<GatewayTrustOptions> options, IProblemDetailsService problems, ILogger<GatewayTrustMiddleware> log)
{
    private readonly GatewaySecret? _secret = GatewaySecret.From(options.Value);

    public async Task InvokeAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (_secret is null || !UserRoutes.Contains(request.Path) || _secret.Matches(request.Headers[GatewayTrustOptions.SecretHeader]))
        {
            await next(httpContext).ConfigureAwait(false);
            return;
        }

        LogRefused(log, request.Method, request.Path, request.Headers.ContainsKey(GatewayTrustOptions.SecretHeader) ? "wrong" : "missing");
        httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
        httpContext.Response.Headers.WWWAuthenticate = $"{GatewayTrustOptions.SecretHeader} realm=\"OrderSaga\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Request not from the API gateway",
                Detail = "This service takes user requests only through the API gateway.",
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: the " + GatewayTrustOptions.SecretHeader + " header is {Problem}")]
    private static partial void LogRefused(ILogger log, string method, PathString path, string problem);
}
