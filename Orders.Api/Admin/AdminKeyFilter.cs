namespace Orders.Api.Admin;

/// <summary>Lets an admin request through only with the right X-Admin-Key; otherwise answers 401 with a problem.</summary>
public sealed partial class AdminKeyFilter(AdminKey key, ILogger<AdminKeyFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var request = context.HttpContext.Request;
        var presented = request.Headers[AdminKey.Header];
        if (presented.Count == 1 && key.Matches(presented[0]))
            return await next(context).ConfigureAwait(false);

        var missing = presented.Count == 0;
        LogRefused(log, request.Method, request.Path, missing ? "no key" : "a wrong key", context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return AdminProblems.Unauthorized(missing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin request {Method} {Path} refused: {Reason} from {Remote}")]
    private static partial void LogRefused(ILogger log, string method, PathString path, string reason, string remote);
}
