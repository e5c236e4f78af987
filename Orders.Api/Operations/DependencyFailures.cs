using MassTransit;
using Npgsql;

namespace Orders.Api.Operations;

/// <summary>
/// Tells a failure of the surroundings (PostgreSQL unreachable, refusing connections, shutting down, timing out)
/// from a fault of the request or the code. The first is worth a 503 and a retry, the second is a 500.
/// </summary>
public static class DependencyFailures
{
    /// <summary>
    /// Exception types, as a fault from the saga names them, that mean the database could not be reached. Only the
    /// base type: its subclass PostgresException is an answer of the server, which may be a bug as well.
    /// </summary>
    private static readonly string[] UnavailableTypes = [typeof(NpgsqlException).FullName!];

    /// <summary>Whether <paramref name="exception"/> says the database (or the network to it) is unavailable now.</summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // PostgresException (a server error such as a constraint) is transient only for connection,
                // resource and shutdown classes; a plain NpgsqlException is a failure to talk to the server at all.
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case RequestFaultException fault when fault.Fault?.Exceptions is { } faults:
                    return faults.Any(f => UnavailableTypes.Contains(f.ExceptionType, StringComparer.Ordinal) || Inner(f));
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsDatabaseUnavailable):
                    return true;
            }
        }
        return false;
    }

    /// <summary>The error and its cause (such as "Connection refused") on one line, without connection details.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception.Message;
        if (exception.InnerException is { } inner && !reason.Contains(inner.Message, StringComparison.Ordinal))
            reason = $"{reason} ({inner.Message})";
        return reason.ReplaceLineEndings(" ");
    }

    private static bool Inner(ExceptionInfo info) =>
        info.InnerException is { } inner && (UnavailableTypes.Contains(inner.ExceptionType, StringComparer.Ordinal) || Inner(inner));
}
