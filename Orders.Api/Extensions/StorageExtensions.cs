using Npgsql;
using Orders.Persistence;

namespace Orders.Api.Extensions;

/// <summary>
/// Where checkouts are kept: the PostgreSQL database named by ConnectionStrings:Orders, and its schema,
/// migrated by the <c>migrate</c> command or at start when Database:MigrateOnStart is true.
/// </summary>
public static partial class StorageExtensions
{
    public const string MigrateOnStartKey = "Database:MigrateOnStart";
    public const string MigrateCommand = "migrate";

    private const string LogCategory = "Orders.Api.Storage";

    /// <summary>Whether the process was started as <c>dotnet Orders.Api.dll migrate</c>.</summary>
    public static bool IsMigrateCommand(string[] args) => args is [MigrateCommand, ..];

    /// <summary>
    /// Registers the PostgreSQL storage; when ConnectionStrings:Orders or Database:MigrateOnStart cannot be
    /// used, writes one line naming the setting and returns false.
    /// </summary>
    public static bool TryAddOrderStorage(this WebApplicationBuilder builder, TextWriter error)
    {
        if (!OrdersConnectionString.TryRead(builder.Configuration, out _, out var problem) || !TryReadMigrateOnStart(builder.Configuration, out _, out problem))
        {
            error.WriteLine(problem);
            return false;
        }

        builder.Services.AddOrderPersistence(builder.Configuration);
        return true;
    }

    /// <summary>The migrate command: applies the pending migrations and says which; 1 with one line when it cannot.</summary>
    public static async Task<int> MigrateOrderDatabaseAsync(this WebApplication app, TextWriter output, TextWriter error)
    {
        var database = Describe(app.Configuration);
        try
        {
            var applied = await OrdersDatabase.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            await output.WriteLineAsync(applied.Count == 0
                ? $"Database {database} is up to date: no migrations to apply."
                : $"Applied migrations to {database}: {string.Join(", ", applied)}").ConfigureAwait(false);
            return 0;
        }
        catch (NpgsqlException ex)
        {
            await error.WriteLineAsync(CannotMigrate(database, ex)).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// Names the storage in the log and, when Database:MigrateOnStart is true, migrates the schema; otherwise
    /// warns about migrations the database lacks. Returns false (after one line on <paramref name="error"/>)
    /// when a migration at start fails, so the service does not run on a schema it does not know.
    /// </summary>
    public static async Task<bool> PrepareOrderDatabaseAsync(this WebApplication app, TextWriter error)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var database = Describe(app.Configuration);
        LogStorage(log, database);
        var cancellation = app.Lifetime.ApplicationStopping;

        TryReadMigrateOnStart(app.Configuration, out var migrateOnStart, out _);
        if (migrateOnStart)
        {
            try
            {
                var applied = await OrdersDatabase.MigrateAsync(app.Services, cancellation).ConfigureAwait(false);
                if (applied.Count == 0)
                    LogUpToDate(log, database);
                else
                    LogApplied(log, applied);
                return true;
            }
            catch (NpgsqlException ex)
            {
                await error.WriteLineAsync(CannotMigrate(database, ex)).ConfigureAwait(false);
                return false;
            }
        }

        try
        {
            var pending = await OrdersDatabase.PendingAsync(app.Services, cancellation).ConfigureAwait(false);
            if (pending.Count > 0)
                LogPending(log, database, pending, MigrateOnStartKey);
        }
        catch (NpgsqlException ex)
        {
            // Without migrating at start there is nothing to stop for: requests fail until the database is back.
            LogUnreachable(log, database, Reason(ex));
        }
        return true;
    }

    private static bool TryReadMigrateOnStart(IConfiguration configuration, out bool migrateOnStart, out string? error)
    {
        var text = configuration[MigrateOnStartKey];
        migrateOnStart = false;
        error = null;
        if (string.IsNullOrEmpty(text) || bool.TryParse(text, out migrateOnStart))
            return true;
        error = $"{MigrateOnStartKey} must be true or false, but it is '{text}'.";
        return false;
    }

    private static string Describe(IConfiguration configuration) =>
        OrdersConnectionString.TryRead(configuration, out var connection, out _) ? OrdersConnectionString.Describe(connection) : "(not configured)";

    private static string CannotMigrate(string database, NpgsqlException ex) =>
        $"Cannot migrate the database {database} named by {OrdersConnectionString.Key}: {Reason(ex)}";

    /// <summary>The error and what caused it (such as "Connection refused") on one line.</summary>
    private static string Reason(Exception ex)
    {
        var reason = ex.Message;
        if (ex.InnerException is { } inner && !reason.Contains(inner.Message, StringComparison.Ordinal))
            reason = $"{reason} ({inner.Message})";
        return reason.ReplaceLineEndings(" ");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: PostgreSQL at {Database}")]
    private static partial void LogStorage(ILogger log, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migrations: {Migrations}")]
    private static partial void LogApplied(ILogger log, IReadOnlyList<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is up to date: no migrations to apply")]
    private static partial void LogUpToDate(ILogger log, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Database} lacks migrations {Migrations}: apply them with `dotnet Orders.Api.dll migrate`, or set {Setting} to true")]
    private static partial void LogPending(ILogger log, string database, IReadOnlyList<string> migrations, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Database} cannot be reached now: {Reason}")]
    private static partial void LogUnreachable(ILogger log, string database, string reason);
}
