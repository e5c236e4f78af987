namespace Orders.Tests;

/// <summary>
/// Stops the test run's private PostgreSQL cluster after the last test of the assembly, whether the tests
/// passed or not. It lives in the assembly's root namespace so that NUnit runs it around every test.
/// </summary>
[SetUpFixture]
public sealed class PostgresServerLifetime
{
    [OneTimeTearDown]
    public Task StopPostgres() => Support.PostgresServer.StopAsync();
}
