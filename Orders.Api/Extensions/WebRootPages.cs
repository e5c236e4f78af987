using Microsoft.Extensions.FileProviders;

namespace Orders.Api.Extensions;

/// <summary>
/// Serves a folder of wwwroot (plain HTML, JavaScript and CSS) under a route. The files come from the web root when it
/// has them (the project folder under WebApplicationFactory, the published app), else from the build output, where
/// the project copies them so that <c>dotnet Orders.Api.dll</c> finds them from any working directory.
/// </summary>
public static class WebRootPages
{
    public const string Page = "index.html";

    /// <summary>
    /// Scripts, styles and data only from this origin, no framing, no inline script: what a page shows comes from
    /// the API and is written as text, never as markup.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Serves wwwroot/<paramref name="folder"/> at <paramref name="route"/>; returns the places looked in when none has the page.</summary>
    public static string? Serve(WebApplication app, string folder, PathString route)
    {
        ArgumentNullException.ThrowIfNull(app);
        var places = new[] { app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") }
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => Path.Combine(p!, folder))
            .ToList();
        var found = places.FirstOrDefault(p => File.Exists(Path.Combine(p, Page)));
        if (found is null)
            return string.Join(", ", places);

        var files = new PhysicalFileProvider(found);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = route, DefaultFileNames = [Page] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = route,
            OnPrepareResponse = c =>
            {
                var headers = c.Context.Response.Headers;
                // Always revalidated: a new version of the service brings its pages along at once.
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return null;
    }
}
