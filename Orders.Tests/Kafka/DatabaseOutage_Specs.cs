using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Persistence;
using Orders.Tests.Operations;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// PostgreSQL unreachable while Product's answer waits on its topic: the saga endpoint retries the record
/// until the database is back, never commits past it, never dead-letters it, and the checkout then ends once.
/// </summary>
[TestFixture]
public sealed class DatabaseOutage_Specs
{
    [Test]
    public async Task An_answer_that_arrives_while_the_database_is_down_is_applied_once_it_is_back()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var gate = TcpGate.Start(new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
        var gated = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = gate.Port }.ConnectionString;
        // Nobody answers for Product and Payment but the test, so it decides that the answer comes during the outage.
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            [OrdersConnectionString.Key] = gated,
            ["Kafka:Simulators:Enabled"] = "false",
        });
        var bootstrap = host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
        using var producer = KafkaRecords.Producer(bootstrap);
        var caller = host.NewUser();
        var id = ApiIds.NewRequestId("db-outage");
        var accepted = await caller.CheckoutAsync(id, (1, 2), (2, 1));
        using (var productRequests = new TopicLog(bootstrap, TopicNames.ProductRequests))
            productRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), TimeSpan.FromSeconds(15), "the product request");

        gate.Shut();
        await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));
        await Task.Delay(TimeSpan.FromSeconds(5));
        gate.Open();
        await caller.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "AwaitingPayment");
        await producer.ProduceAsync(TopicNames.PaymentResponses, id, DocsExamples.For(DocsExamples.PaymentResponse, id), MessageTypes.PaymentResponse);
        var final = await caller.WaitForStateAsync(id, TimeSpan.FromSeconds(30), ApiCaller.FinalStates);

        var options = new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new OrdersDbContext(options);
        Assert.Multiple(async () =>
        {
            Assert.That((int)accepted.Status, Is.EqualTo(202), accepted.ToString);
            Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("Paid"));
            Assert.That(await db.Orders.CountAsync(o => o.RequestId == id), Is.EqualTo(1), "orders");
            Assert.That(await db.DeadLetters.CountAsync(d => d.RequestId == id), Is.Zero, "a database outage is transient, not poison");
        });
    }
}
