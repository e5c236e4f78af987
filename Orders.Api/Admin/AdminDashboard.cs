using Orders.Api.Extensions;

namespace Orders.Api.Admin;

/// <summary>Serves the dashboard (wwwroot/admin) at /admin/.</summary>
public static class AdminDashboard
{
    public const string Folder = "admin";
    public const string Page = WebRootPages.Page;

    /// <summary>What the dashboard shows comes from the API (dead letters carry arbitrary text) and is written as text.</summary>
    public const string ContentSecurityPolicy = WebRootPages.ContentSecurityPolicy;

    public static void Serve(WebApplication app, ILogger log)
    {
        if (WebRootPages.Serve(app, Folder, AdminEndpoints.Route) is { } places)
            AdminLog.DashboardMissing(log, places);
    }
}
