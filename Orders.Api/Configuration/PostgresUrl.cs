using System.Globalization;
using Npgsql;

namespace Orders.Api.Configuration;

/// <summary>
/// Turns a PostgreSQL URL (<c>postgres://user:password@host:5432/database?sslmode=require</c>, as libpq and most
/// platforms write it) into an Npgsql connection string. Errors never repeat the password.
/// </summary>
public static class PostgresUrl
{
    /// <summary>libpq's URL parameters that Npgsql names differently.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
    };

    private static readonly Dictionary<string, string> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    public static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string, or null with one line (naming <paramref name="setting"/>) saying what is wrong.</summary>
    public static string? ToConnectionString(string url, string setting, out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        const string example = "postgres://user:password@host:5432/database";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"{setting} is not a valid PostgreSQL URL such as {example}";
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost.Trim('[', ']') };
        if (uri.Port > 0)
            builder.Port = uri.Port;

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2)
            builder.Password = Uri.UnescapeDataString(userInfo[1]);

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            if (name.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
                value = SslModes.GetValueOrDefault(value, value);
            try
            {
                builder[Parameters.GetValueOrDefault(name, name)] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{setting} has a parameter that cannot be used: '{name}' ({ex.Message.ReplaceLineEndings(" ")})");
                return null;
            }
        }

        error = null;
        return builder.ConnectionString;
    }
}
