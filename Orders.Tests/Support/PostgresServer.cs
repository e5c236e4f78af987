using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Orders.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests run against: a private PostgreSQL cluster started once per test run
/// (initdb into a fresh temporary directory, on a free loopback port), or the existing server named by
/// the ORDERS_TEST_POSTGRES connection string. Each test gets a database of its own from
/// <see cref="CreateDatabaseAsync"/>. The private cluster is stopped and its directory deleted when the
/// run ends (see <see cref="PostgresServerLifetime"/>), and at process exit if the run did not end cleanly.
/// </summary>
public sealed class PostgresServer
{
    public const string ExistingServerVariable = "ORDERS_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _current;

    private readonly PrivateCluster? _cluster;

    private PostgresServer(string adminConnectionString, PrivateCluster? cluster)
    {
        AdminConnectionString = adminConnectionString;
        _cluster = cluster;
    }

    /// <summary>A connection string for creating and dropping the tests' databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The server of this test run, started on first use.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is not null)
                return _current;

            var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
            if (!string.IsNullOrWhiteSpace(existing))
            {
                _current = new PostgresServer(existing, null);
            }
            else
            {
                var cluster = await PrivateCluster.StartAsync().ConfigureAwait(false);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
                _current = new PostgresServer(cluster.ConnectionString, cluster);
            }
            return _current;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the private cluster of this run, if one was started.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _current?._cluster?.Stop();
            _current = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database with a unique name; disposing the result drops it.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var server = await GetAsync().ConfigureAwait(false);
        var name = $"orders_test_{Guid.NewGuid():N}";
        await server.ExecuteAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        return new PostgresTestDatabase(server, name, connectionString);
    }

    internal async Task ExecuteAsync(string sql)
    {
        var connection = new NpgsqlConnection(AdminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A cluster of our own: a temporary directory holds its data, log and socket.</summary>
    private sealed class PrivateCluster
    {
        private const string ServiceUser = "postgres";
        private readonly string _directory;
        private readonly string _binaries;
        private readonly bool _asServiceUser;
        private int _stopped;

        private PrivateCluster(string directory, string binaries, bool asServiceUser, string connectionString)
        {
            _directory = directory;
            _binaries = binaries;
            _asServiceUser = asServiceUser;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        private string DataDirectory => Path.Combine(_directory, "data");

        public static async Task<PrivateCluster> StartAsync()
        {
            var binaries = FindBinaries();
            // initdb and pg_ctl refuse to run as root: then the cluster belongs to the postgres account.
            var asServiceUser = Environment.IsPrivilegedProcess;
            var directory = Directory.CreateTempSubdirectory("orders-pg-").FullName;
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var port = FreeLoopbackPort();
            var cluster = new PrivateCluster(directory, binaries, asServiceUser, new NpgsqlConnectionStringBuilder
            {
                Host = IPAddress.Loopback.ToString(),
                Port = port,
                Username = "postgres",
                Password = password,
                Database = "postgres",
                // Creating and dropping databases needs no pool; the tests' own databases get one.
                Pooling = false,
            }.ConnectionString);

            try
            {
                var passwordFile = Path.Combine(directory, "pwfile");
                await File.WriteAllTextAsync(passwordFile, password).ConfigureAwait(false);
                if (asServiceUser)
                    await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory]).ConfigureAwait(false);

                await cluster.RunToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--pwfile", passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);
                File.Delete(passwordFile);

                await cluster.RunToolAsync("pg_ctl", ["start", "-D", cluster.DataDirectory, "-l", Path.Combine(directory, "postgres.log"), "-W",
                    "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={directory} -c synchronous_commit=on -c max_connections=300"]).ConfigureAwait(false);
                await cluster.WaitUntilReadyAsync(port).ConfigureAwait(false);
                return cluster;
            }
            catch
            {
                cluster.Stop();
                throw;
            }
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
                return;
            try
            {
                if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                    RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"]).GetAwaiter().GetResult();
            }
            finally
            {
                Directory.Delete(_directory, recursive: true);
            }
        }

        private async Task WaitUntilReadyAsync(int port)
        {
            var giveUpAt = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var (exitCode, _) = await RunCapturedAsync(Path.Combine(_binaries, "pg_isready"), ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "1"]).ConfigureAwait(false);
                if (exitCode == 0)
                    return;
                if (DateTime.UtcNow > giveUpAt)
                    throw new InvalidOperationException($"PostgreSQL did not become ready on port {port}: {await ReadLogAsync().ConfigureAwait(false)}");
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        private async Task<string> ReadLogAsync()
        {
            var log = Path.Combine(_directory, "postgres.log");
            return File.Exists(log) ? await File.ReadAllTextAsync(log).ConfigureAwait(false) : "(no log)";
        }

        private Task RunToolAsync(string tool, IReadOnlyList<string> arguments)
        {
            var path = Path.Combine(_binaries, tool);
            return _asServiceUser ? RunAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments]) : RunAsync(path, arguments);
        }

        private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
        {
            var (exitCode, output) = await RunCapturedAsync(program, arguments).ConfigureAwait(false);
            if (exitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{output}");
        }

        private static async Task<(int ExitCode, string Output)> RunCapturedAsync(string program, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }

        private static string FindBinaries() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                    .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                    .FirstOrDefault()
                    ?? throw new InvalidOperationException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
                : throw new InvalidOperationException($"PostgreSQL is not installed (apt-get install postgresql), and {ExistingServerVariable} does not name a server");

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
