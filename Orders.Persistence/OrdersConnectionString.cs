using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Orders.Persistence;

/// <summary>
/// Reads <c>ConnectionStrings:Orders</c>: it must be set, be a PostgreSQL connection string, and name a host.
/// Errors and descriptions name the database by host, port and name only, never with its password.
/// </summary>
public static class OrdersConnectionString
{
    /// <summary>The configuration key, as an operator sets it (<c>ConnectionStrings__Orders</c> in the environment).</summary>
    public const string Key = $"ConnectionStrings:{OrderPersistenceRegistration.ConnectionStringName}";

    /// <summary>The parsed connection string, or one line saying what is wrong with it.</summary>
    public static bool TryRead(IConfiguration configuration, [NotNullWhen(true)] out NpgsqlConnectionStringBuilder? connection, [NotNullWhen(false)] out string? error)
    {
        connection = null;
        var text = configuration.GetConnectionString(OrderPersistenceRegistration.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"{Key} is not set: it names the order service's PostgreSQL database, as in Host=127.0.0.1;Port=5432;Database=orders;Username=orders;Password=...";
            return false;
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // The parser's message names the keyword or the position that broke, not the values.
            error = $"{Key} is not a valid PostgreSQL connection string: {ex.Message}";
            return false;
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            error = $"{Key} names no Host: it needs at least Host, Database, Username and Password";
            return false;
        }

        connection = parsed;
        error = null;
        return true;
    }

    /// <summary>"host:port/database": where the data lives, fit for a log line.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder connection) =>
        string.Create(CultureInfo.InvariantCulture, $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}");
}
