using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

[TestFixture]
public class When_the_migrate_command_runs_on_an_empty_database
{
    [Test]
    public async Task Should_apply_every_migration_say_which_and_exit_0_then_find_nothing_to_do()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { [ServiceSettings.ConnectionString] = database.ConnectionString };

        var first = await ApiProcess.RunAsync(settings, "migrate");
        var second = await ApiProcess.RunAsync(settings, "migrate");

        var (known, applied) = await MigrationsOfAsync(database.ConnectionString);
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.ToString);
            Assert.That(first.StandardOutput, Has.One.StartsWith("Applied migrations to ").And.EndsWith(string.Join(", ", known)), first.ToString);
            Assert.That(first.StandardError, Is.Empty);
            Assert.That(applied, Is.EqualTo(known));
            Assert.That(known, Has.Some.EndsWith("_AddCheckoutTimeline"));
            Assert.That(second.ExitCode, Is.Zero, second.ToString);
            Assert.That(second.StandardOutput, Has.One.Contains("is up to date"), second.ToString);
        });
    }

    private static async Task<(IReadOnlyList<string> Known, IReadOnlyList<string> Applied)> MigrationsOfAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OrdersConnectionString.Key] = connectionString }).Build();
        await using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();
        return (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList());
    }
}

[TestFixture]
public class When_the_database_cannot_be_reached
{
    private const string Password = "not-for-the-log-7f3a";

    [Test]
    public async Task Should_fail_the_migrate_command_with_one_line_naming_the_database()
    {
        var port = ApiProcess.FreeLoopbackPort();
        var settings = new Dictionary<string, string?>
        {
            [ServiceSettings.ConnectionString] = $"Host=127.0.0.1;Port={port};Database=orders;Username=orders;Password={Password}",
        };

        var result = await ApiProcess.RunAsync(settings, "migrate");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString);
            Assert.That(result.StandardError, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StandardError[0], Does.Contain("ConnectionStrings:Orders").And.Contain($"127.0.0.1:{port}/orders"));
            Assert.That(result.ToString(), Does.Not.Contain(Password));
        });
    }
}

[TestFixture]
public class When_the_connection_string_cannot_be_used
{
    private const string Password = "not-for-the-log-7f3a";

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var command in new[] { "migrate", "(start)" })
        {
            yield return new TestCaseData(null, command).SetArgDisplayNames("missing", command);
            yield return new TestCaseData("", command).SetArgDisplayNames("empty", command);
            yield return new TestCaseData($"Host=127.0.0.1;Port=five;Password={Password}", command).SetArgDisplayNames("malformed port", command);
            yield return new TestCaseData($"Host=127.0.0.1;Pasword={Password}", command).SetArgDisplayNames("unknown keyword", command);
            yield return new TestCaseData($"Database=orders;Password={Password}", command).SetArgDisplayNames("no host", command);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Should_stop_with_exit_code_2_and_one_line_naming_it(string? connectionString, string command)
    {
        var settings = new Dictionary<string, string?>();
        if (connectionString is not null)
            settings[ServiceSettings.ConnectionString] = connectionString;

        var result = await ApiProcess.RunAsync(settings, command == "migrate" ? ["migrate"] : []);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString);
            Assert.That(result.StandardError, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StandardError[0], Does.StartWith("ConnectionStrings:Orders "));
            Assert.That(result.StandardOutput, Is.Empty);
            Assert.That(result.ToString(), Does.Not.Contain(Password));
        });
    }
}
