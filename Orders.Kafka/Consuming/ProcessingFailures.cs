using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.StateMachine.Checkout;

namespace Orders.Kafka.Consuming;

/// <summary>Sorts what a saga step threw: worth retrying (the database, the network, a lost race), or never going to work.</summary>
public static class ProcessingFailures
{
    /// <summary>
    /// True when the failure is in the surroundings, not the record: the database or network unreachable, a
    /// timeout, a concurrency conflict that outlasted the step's own retries. Such a record is tried again
    /// until it goes through; its offset is not committed before. An error the server answered that no retry
    /// changes (a constraint, a value it refuses) is not transient: the record is dead-lettered, not retried forever.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // Npgsql's own verdict: connection failures, and server errors of the connection, resource,
            // shutdown, serialization and deadlock classes.
            if (e is NpgsqlException npgsql)
                return npgsql.IsTransient;
            if (e is DbUpdateConcurrencyException or TimeoutException or SocketException or IOException)
                return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
                return true;
        }
        return false;
    }

    /// <summary>The unknown checkout a record names, if that is what failed.</summary>
    public static UnknownCheckoutException? UnknownCheckout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is UnknownCheckoutException unknown)
                return unknown;
        }
        return null;
    }
}
