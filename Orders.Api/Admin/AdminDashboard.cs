using Microsoft.Extensions.FileProviders;

namespace Orders.Api.Admin;

/// <summary>
/// Serves the dashboard (wwwroot/admin: plain HTML, JavaScript and CSS) at /admin/. The files come from the web root
/// when it has them (the project folder under WebApplicationFactory, the published app), else from the build output,
/// where the project copies them so that <c>dotnet Orders.Api.dll</c> finds them from any working directory.
/// </summary>
public static class AdminDashboard
{
    public const string Folder = "admin";
    public const string Page = "index.html";

    /// <summary>
    /// Scripts, styles and data only from this origin, no framing, no inline script: what the page shows comes from
    /// the API (dead letters carry arbitrary text) and is written as text, never as markup.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Serve(WebApplication app, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        var places = new[] { app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => Path.Combine(p!, Folder))
            .ToList();
        var folder = places.FirstOrDefault(p => File.Exists(Path.Combine(p, Page)));
        if (folder is null)
        {
            AdminLog.DashboardMissing(log, string.Join(", ", places));
            return;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = AdminEndpoints.Route, DefaultFileNames = [Page] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = AdminEndpoints.Route,
            OnPrepareResponse = c =>
            {
                var headers = c.Context.Response.Headers;
                // Always revalidated: a new version of the service brings its page along at once.
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
    }
}
