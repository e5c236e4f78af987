using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.Persistence;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

[TestFixture]
public class When_the_service_is_killed_after_a_batch_committed_and_before_its_offsets_did
{
    private const int Checkouts = 5;
    private const string GroupId = "order-saga";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Should_apply_the_redelivered_batch_once()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        using var broker = ServiceBroker.Start(partitions: 1);
        var settings = ServiceSettings.For(database.ConnectionString, broker);
        settings["Kafka__Simulators__Enabled"] = "false";
        settings["Kafka__SagaBatch__Wait"] = "00:00:01";
        // The first process commits no offset on its own before the kill: every record it applied comes again.
        var first = new Dictionary<string, string?>(settings) { ["Kafka__Client__auto.commit.interval.ms"] = "600000" };
        using var producer = KafkaRecords.Producer(broker.BootstrapServers);
        var ids = Enumerable.Range(0, Checkouts).Select(i => ApiIds.NewRequestId($"kill-batch{i}")).ToArray();
        var userId = ApiIds.NextUserId();

        long lastAnswer;
        await using (var service = await ApiProcess.StartAsync(first))
        {
            var caller = service.As(userId);
            foreach (var id in ids)
                Assert.That((int)(await caller.CheckoutAsync(id, (1, 2), (2, 1))).Status, Is.EqualTo(202));
            await Task.WhenAll(ids.Select(id => producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id))));
            foreach (var id in ids)
                await caller.WaitForStateAsync(id, Settle, "AwaitingPayment");

            var answers = await Task.WhenAll(ids.Select(id =>
                producer.ProduceAsync(TopicNames.PaymentResponses, id, DocsExamples.For(DocsExamples.PaymentResponse, id), MessageTypes.PaymentResponse)));
            lastAnswer = answers.Max(a => a.Offset.Value);
            foreach (var id in ids)
                await caller.WaitForStateAsync(id, Settle, "Paid");
            service.Kill();
        }
        Assert.That(Committed(broker, TopicNames.PaymentResponses), Is.LessThanOrEqualTo(lastAnswer),
            "the batch's offsets were not committed before the kill, so the new process reads the batch again");

        await using (var service = await ApiProcess.StartAsync(settings))
        {
            await WaitUntilAsync(() => Committed(broker, TopicNames.PaymentResponses) > lastAnswer, "the new process to read and commit past the batch");
            var final = await Task.WhenAll(ids.Select(id => service.As(userId).WaitForStateAsync(id, Settle, ApiCaller.FinalStates)));
            var rows = await RowsAsync(database.ConnectionString, ids);
            Assert.Multiple(() =>
            {
                Assert.That(final.Select(f => f.GetProperty("state").GetString()), Is.All.EqualTo("Paid"));
                Assert.That(rows.PaidEntries, Is.EqualTo(ids.ToDictionary(id => id, _ => 1)), "each checkout entered Paid once");
                Assert.That(rows.PaidEvents, Is.EqualTo(ids.ToDictionary(id => id, _ => 1)), "one order.paid each");
                Assert.That(rows.Orders, Is.EqualTo(ids.ToDictionary(id => id, _ => 1)), "one order each");
                Assert.That(rows.DeadLetters, Is.Zero, "a repeated answer is ignored, not dead-lettered");
            });
        }
    }

    /// <summary>The group's committed offset of the topic's only partition (-1001 when none is committed).</summary>
    private static long Committed(ServiceBroker broker, string topic)
    {
        using var reader = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = GroupId })
            .SetLogHandler((_, _) => { })
            .Build();
        return reader.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {Settle.TotalSeconds} s for {what}");
            await Task.Delay(500);
        }
    }

    private static async Task<(Dictionary<string, int> PaidEntries, Dictionary<string, int> PaidEvents, Dictionary<string, int> Orders, int DeadLetters)> RowsAsync(
        string connectionString, string[] ids)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OrdersConnectionString.Key] = connectionString }).Build();
        await using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();
        var paid = await db.Timeline.Where(t => t.State == "Paid" && ids.Contains(t.RequestId)).GroupBy(t => t.RequestId).ToDictionaryAsync(g => g.Key, g => g.Count());
        var events = await db.Database.SqlQuery<string>($"""
            SELECT request_id AS "Value" FROM outbox_messages WHERE request_id = ANY({ids}) AND body::jsonb ->> 'type' = 'order.paid'
            """).ToListAsync();
        var orders = await db.Orders.Where(o => ids.Contains(o.RequestId)).GroupBy(o => o.RequestId).ToDictionaryAsync(g => g.Key, g => g.Count());
        return (paid, events.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count()), orders, await db.DeadLetters.CountAsync());
    }
}
