using System.Globalization;

namespace Orders.Api.Extensions;

/// <summary>
/// Where the API listens: http://127.0.0.1:8080, or the port named by the PORT variable. An explicit
/// ASPNETCORE_URLS or --urls wins over both.
/// </summary>
public static class ListenAddress
{
    public const int DefaultPort = 8080;
    public const string PortKey = "PORT";

    /// <summary>The address to listen on (null when urls are given explicitly), or the reason PORT cannot be used.</summary>
    public static (string? Url, string? Error) Resolve(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]))
            return (null, null);

        // An empty PORT counts as unset, as compose files write it when the variable is not defined.
        var port = configuration[PortKey];
        if (string.IsNullOrEmpty(port))
            return (UrlFor(DefaultPort), null);

        // 0 is allowed: it asks for any free port, which the "Now listening on" line then names.
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            return (null, $"PORT must be a whole number from 0 to 65535, but it is '{port}'.");

        return (UrlFor(number), null);
    }

    /// <summary>Applies the listen address; when PORT is malformed writes one line naming it and returns false.</summary>
    public static bool TryUseListenAddress(this WebApplicationBuilder builder, TextWriter error)
    {
        var (url, problem) = Resolve(builder.Configuration);
        if (problem is not null)
        {
            error.WriteLine(problem);
            return false;
        }

        if (url is not null)
            builder.WebHost.UseUrls(url);
        return true;
    }

    private static string UrlFor(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
