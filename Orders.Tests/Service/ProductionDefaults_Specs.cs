using Confluent.Kafka;
using Orders.Contracts.Topics;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

/// <summary>
/// The service as it ships (appsettings.json, Production environment) on real Kafka: the simulators are demo
/// participants, so nothing but the other teams' services may answer the saga's requests.
/// </summary>
[TestFixture]
public class When_the_service_runs_on_kafka_without_a_simulator_setting
{
    // A simulator answers within milliseconds of the request (it reads the request topic continuously); a quiet
    // answer topic for this long after the request was seen means no simulator is reading.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Should_not_answer_for_product_or_payment()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        using var broker = ServiceBroker.Start(partitions: 1);
        var settings = ServiceSettings.For(database.ConnectionString, broker);
        settings.Remove("Kafka__Simulators__Enabled");
        var requestId = ApiIds.NewRequestId("no-simulators");

        await using var service = await ApiProcess.StartAsync(settings);
        var caller = service.As(ApiIds.NextUserId());
        Assert.That((int)(await caller.CheckoutAsync(requestId, (1, 1))).Status, Is.EqualTo(202));
        await WaitForRecordAsync(broker.BootstrapServers, TopicNames.ProductRequests, requestId);

        var answersAfter = DateTime.UtcNow + Quiet;
        while (DateTime.UtcNow < answersAfter)
        {
            Assert.That(RecordsOn(broker.BootstrapServers, TopicNames.ProductResponses), Is.Zero, "something answered the product request");
            await Task.Delay(ApiCaller.PollInterval);
        }

        var checkout = await caller.GetCheckoutAsync(requestId);
        Assert.That(checkout.Json.GetProperty("state").GetString(), Is.EqualTo("Pricing"));
    }

    private static long RecordsOn(string bootstrapServers, string topic)
    {
        using var reader = Reader(bootstrapServers);
        return reader.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }

    private static async Task WaitForRecordAsync(string bootstrapServers, string topic, string key)
    {
        using var reader = Reader(bootstrapServers);
        reader.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Key: var found } && found == key)
                return;
            await Task.Yield();
        }
        Assert.Fail($"no record with key {key} on {topic} within {Settle}");
    }

    private static IConsumer<string, string> Reader(string bootstrapServers) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "production-defaults-check", EnableAutoCommit = false })
            .SetLogHandler((_, _) => { })
            .Build();
}
