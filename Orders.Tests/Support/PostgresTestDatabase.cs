using Npgsql;

namespace Orders.Tests.Support;

/// <summary>A database of one test on the run's <see cref="PostgresServer"/>; disposing it drops it.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    internal PostgresTestDatabase(PostgresServer server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)").ConfigureAwait(false);
    }
}
