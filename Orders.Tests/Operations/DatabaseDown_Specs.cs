using System.Net;
using Npgsql;
using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_postgres_cannot_be_reached
{
    private PostgresTestDatabase _database = null!;
    private TcpGate _gate = null!;
    private ApiHost _host = null!;
    private ApiCaller _caller = null!;
    private string _paidBefore = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_whose_database_is_behind_a_gate()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        _gate = TcpGate.Start(direct.Port);
        var gated = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Port = _gate.Port }.ConnectionString;
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { [OrdersConnectionString.Key] = gated });
        _caller = _host.NewUser();
        _paidBefore = ApiIds.NewRequestId();
        await _caller.CheckoutToEndAsync(_paidBefore, (1, 1));
    }

    [OneTimeTearDown]
    public async Task Stop_it()
    {
        await _host.DisposeAsync();
        await _gate.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TearDown]
    public void Open_the_gate_again() => _gate.Open();

    [Test]
    public async Task Should_answer_503_with_retry_after_never_500_and_leave_no_half_made_checkout()
    {
        var requestId = ApiIds.NewRequestId();
        _gate.Shut();

        var ready = await Eventually.AnswersAsync(_caller.ReadyAsync, r => r.Status == HttpStatusCode.ServiceUnavailable, "unready with the database gone");
        var poll = await _caller.GetCheckoutAsync(_paidBefore);
        var history = await _caller.ListOrdersAsync();
        var checkout = await _caller.CheckoutAsync(requestId, (2, 1));

        _gate.Open();
        await Eventually.AnswersAsync(_caller.ReadyAsync, r => r.Status == HttpStatusCode.OK, "ready with the database back");
        var afterwards = await _caller.GetCheckoutAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(ready.CheckStatus("postgres"), Is.EqualTo("Unhealthy"), ready.ToString);
            Assert.That(ready.CheckDescription("postgres"), Does.Contain("PostgreSQL does not answer"), ready.ToString);
            AssertUnavailable(poll);
            AssertUnavailable(history);
            AssertUnavailable(checkout);
            Assert.That(afterwards.Status, Is.EqualTo(HttpStatusCode.NotFound), $"the refused checkout must not exist: {afterwards}");
        });

        var retried = await _caller.CheckoutToEndAsync(requestId, (2, 1));
        Assert.That(retried.GetProperty("state").GetString(), Is.EqualTo("Paid"));
    }

    private static void AssertUnavailable(ApiResponse response)
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), response.ToString);
        Assert.That(response.MediaType, Is.EqualTo("application/problem+json"), response.ToString);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)), response.ToString);
        Assert.That(response["detail"], Does.Contain("again"), response.ToString);
    }
}
