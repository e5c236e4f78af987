using System.Net;
using Npgsql;
using Orders.Tests.Kafka;
using Orders.Tests.Service;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_a_setting_cannot_be_used
{
    private const string Password = "s3cret-pw-7f3a";

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("DB_URL not a URL", "DB_URL is not a valid PostgreSQL URL", ("DB_URL", $"postgres://orders:{Password}@db.example:notaport/orders"), (ServiceSettings.ConnectionString, ""));
        yield return Case("DB_URL bad keyword", "DB_URL is neither a postgres:// URL nor a valid PostgreSQL connection string", ("DB_URL", $"Host=127.0.0.1;Pasword={Password}"), (ServiceSettings.ConnectionString, ""));
        yield return Case("DB_URL bad parameter", "DB_URL has a parameter that cannot be used: 'sslmode'", ("DB_URL", $"postgres://orders:{Password}@127.0.0.1:5432/orders?sslmode=sometimes"), (ServiceSettings.ConnectionString, ""));
        yield return Case("KAFKA_BROKERS no port", "KAFKA_BROKERS must be a comma-separated list of host:port, but 'broker-without-port' is not", ("KAFKA_BROKERS", "broker-without-port"), ("Kafka__BootstrapServers", ""));
        yield return Case("ORDER_TOPIC", "ORDER_TOPIC must be a valid Kafka topic name", ("ORDER_TOPIC", "orders topic"));
        yield return Case("bootstrap malformed", "Kafka:BootstrapServers must be a comma-separated list of host:port, but '127.0.0.1:notaport' is not", ("Kafka__BootstrapServers", "127.0.0.1:notaport"));
        yield return Case("bootstrap missing", "Kafka:BootstrapServers is not set", ("Kafka__BootstrapServers", ""));
        yield return Case("backlog bound", "Operations:MaxOutboxBacklog must be a whole number of at least 1", ("Operations__MaxOutboxBacklog", "0"));
        yield return Case("stuck after", "Operations:StuckAfter must be a duration such as 00:00:30", ("Operations__StuckAfter", "soon"));
        yield return Case("refresh interval", "Operations:RefreshInterval must be between", ("Operations__RefreshInterval", "01:00:00"));
        yield return Case("pricing timeout", "Checkout:PricingTimeout must be a positive duration", ("Checkout__PricingTimeout", "-00:00:01"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Should_stop_with_exit_code_2_and_one_line_naming_it(Dictionary<string, string?> settings, string line)
    {
        var result = await ApiProcess.RunAsync(settings);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString);
            Assert.That(result.StandardError, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StandardError.Count > 0 ? result.StandardError[0] : "", Does.StartWith(line), result.ToString);
            Assert.That(result.StandardOutput, Is.Empty, result.ToString);
            Assert.That(result.ToString(), Does.Not.Contain(Password));
        });
    }

    /// <summary>Settings that work, the aliases cleared (the test process's own must not leak in), then the case's own.</summary>
    private static TestCaseData Case(string name, string line, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            [ServiceSettings.ConnectionString] = $"Host=127.0.0.1;Port=1;Database=orders;Username=orders;Password={Password}",
            ["Kafka__BootstrapServers"] = "127.0.0.1:9092",
            ["DB_URL"] = "",
            ["KAFKA_BROKERS"] = "",
            ["ORDER_TOPIC"] = "",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        return new TestCaseData(settings, line).SetArgDisplayNames(name);
    }
}

[TestFixture]
public class When_the_service_is_configured_with_the_earlier_names
{
    [Test]
    public async Task Should_use_DB_URL_and_KAFKA_BROKERS_and_let_the_standard_topic_name_win_over_ORDER_TOPIC()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        using var broker = ServiceBroker.Start();
        const string topic = "orders-standard-name";
        broker.Broker.CreateTopic(topic, 1);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(connection.Username!)}:{Uri.EscapeDataString(connection.Password!)}@{connection.Host}:{connection.Port}/{connection.Database}";
        var settings = new Dictionary<string, string?>
        {
            ["DB_URL"] = url,
            ["KAFKA_BROKERS"] = broker.BootstrapServers,
            ["ORDER_TOPIC"] = "orders-alias-name",
            ["Kafka__Topics__Orders"] = topic,
            [ServiceSettings.MigrateOnStart] = "true",
            ["Kafka__Simulators__Enabled"] = "true",
            ["Kafka__Client__session.timeout.ms"] = ServiceBroker.SessionTimeoutMs,
        };

        await using var service = await ApiProcess.StartAsync(settings);
        var caller = service.As(ApiIds.NextUserId());
        var requestId = ApiIds.NewRequestId();
        var checkout = await caller.CheckoutToEndAsync(requestId, (5, 1));
        using var orders = new TopicReader(broker.BootstrapServers, topic);
        var created = TopicReader.Json(orders.WaitFor(requestId));
        var ready = await caller.ReadyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(checkout.GetProperty("state").GetString(), Is.EqualTo("Paid"), service.Output);
            Assert.That(created["type"]?.GetValue<string>(), Is.EqualTo("order.created"));
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), ready.ToString);
            Assert.That(service.Output, Does.Not.Contain(connection.Password!));
        });
    }
}
