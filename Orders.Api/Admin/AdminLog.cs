namespace Orders.Api.Admin;

/// <summary>The lines the admin API leaves.</summary>
public static partial class AdminLog
{
    public const string Category = "Orders.Api.Admin";

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API is off: {Setting} is not set (env Admin__Key); /admin answers 404")]
    public static partial void Off(ILogger log, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API on /admin/..., dashboard at /admin/; requests need the {Header} header")]
    public static partial void On(ILogger log, string header);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is only {Length} characters long: use at least {Recommended} random characters")]
    public static partial void ShortKey(ILogger log, string setting, int length, int recommended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin dashboard files are missing (looked in {Places}); the admin API works without them")]
    public static partial void DashboardMissing(ILogger log, string places);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {Actor} cancelled checkout {RequestId} of user {UserId}; state {State}")]
    public static partial void CancelAccepted(ILogger log, string actor, string requestId, long userId, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {Actor} could not cancel checkout {RequestId}: {Outcome}")]
    public static partial void CancelRefused(ILogger log, string actor, string requestId, string outcome);
}
