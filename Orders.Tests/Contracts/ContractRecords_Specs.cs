using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Contracts.Topics;
using Orders.Kafka.Contracts;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Contracts;

/// <summary>
/// The whole service on its embedded broker and PostgreSQL takes checkouts to every end a checkout can have; then every
/// record on every topic is checked against the AsyncAPI document by ajv, a validator that is not ours. One host runs the
/// Product and Payment simulators; the other has none, so the test answers Product with the docs' example and lets
/// Payment's deadline pass.
/// </summary>
[TestFixture]
public sealed class When_checkouts_reach_every_end
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly string[] EveryEnd = ["Paid", "Rejected", "PaymentFailed", "TimedOut", "Cancelled", "Shipped"];

    private readonly List<JsonObject> _records = [];
    private readonly Dictionary<string, string> _ends = [];

    [OneTimeSetUp]
    public async Task Take_checkouts_to_every_end_and_read_every_topic()
    {
        await using (var simulated = await ApiHost.StartAsync())
        {
            var bootstrap = simulated.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
            var caller = simulated.NewUser();
            // The event each checkout's order ends with on the orders topic (a rejected checkout has no order).
            var lastEvents = new Dictionary<string, string>();

            lastEvents[await EndAsync(caller, "Paid", "paid", (1, 2), (2, 1))] = OrderEventTypes.Paid;
            await EndAsync(caller, "Rejected", "rejected", (404, 1));
            // 11 x 999.99 is above the simulated Payment's limit of 10,000.00.
            lastEvents[await EndAsync(caller, "PaymentFailed", "declined", (999, 11))] = OrderEventTypes.PaymentFailed;

            var cancelled = await EndAsync(caller, "Paid", "cancelled", (3, 1));
            Assert.That((int)(await caller.CancelAsync(cancelled)).Status, Is.EqualTo(202));
            _ends[cancelled] = (await caller.WaitForStateAsync(cancelled, "Cancelled")).GetProperty("state").GetString()!;
            lastEvents[cancelled] = OrderEventTypes.Cancelled;

            // Shipping is another team's service: the test writes its message, the docs' example for this checkout.
            var shipped = await EndAsync(caller, "Paid", "shipped", (4, 1));
            using var producer = KafkaRecords.Producer(bootstrap);
            await producer.ProduceAsync(TopicNames.Shipments, shipped, Example(MessageTypes.ShipmentStarted, shipped), MessageTypes.ShipmentStarted);
            _ends[shipped] = (await caller.WaitForStateAsync(shipped, "Shipped")).GetProperty("state").GetString()!;
            lastEvents[shipped] = OrderEventTypes.Shipped;

            // A payment answer for a checkout that does not exist: set aside on the dead-letter topic.
            var unknown = ApiIds.NewRequestId("nobody");
            await producer.ProduceAsync(TopicNames.PaymentResponses, unknown, Example(MessageTypes.PaymentResponse, unknown), MessageTypes.PaymentResponse);

            ReadEveryTopic(bootstrap, orders => lastEvents.All(e => orders.Any(r => r.Message.Key == e.Key && Type(r) == e.Value)),
                deadLetters => deadLetters.Any(r => r.Message.Key == unknown));
        }

        await using var alone = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:Simulators:Enabled"] = "false",
            ["Checkout:PaymentTimeout"] = "00:00:01",
        });
        {
            var bootstrap = alone.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
            var caller = alone.NewUser();
            var timedOut = ApiIds.NewRequestId("timedout");
            Assert.That((int)(await caller.CheckoutAsync(timedOut, (1, 2), (2, 1))).Status, Is.EqualTo(202));
            using var producer = KafkaRecords.Producer(bootstrap);
            await producer.ProduceAsync(TopicNames.ProductResponses, timedOut, Example(MessageTypes.ProductResponse, timedOut));
            _ends[timedOut] = (await caller.WaitForStateAsync(timedOut, "TimedOut")).GetProperty("state").GetString()!;

            ReadEveryTopic(bootstrap, orders => orders.Any(r => r.Message.Key == timedOut && Type(r) == OrderEventTypes.TimedOut), _ => true);
        }
    }

    [Test]
    public void Should_reach_every_end()
    {
        Assert.That(_ends.Values.Distinct(), Is.EquivalentTo(EveryEnd));
    }

    [Test]
    public async Task Should_put_only_records_that_fit_the_asyncapi_document_on_every_topic()
    {
        using var scratch = ContractCheck.NewScratch();
        var document = scratch.Write("asyncapi.json", AsyncApiDocument.ToText(AsyncApiDocument.Create()));
        var records = scratch.Write("records.json", new JsonArray([.. _records]).ToJsonString());
        var (exitCode, result) = await ContractCheck.RunAsync("records", document, records);

        var byMessage = result.GetProperty("byMessage").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        await TestContext.Out.WriteLineAsync($"ajv checked {result.GetProperty("checked").GetInt32()} records: {string.Join(", ", byMessage.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("failures").EnumerateArray().Select(f => f.ToString()), Is.Empty);
            Assert.That(exitCode, Is.Zero);
            Assert.That(_records.Select(r => r["topic"]!.GetValue<string>()).Distinct(), Is.EquivalentTo(TopicNames.All), "records on every topic");
            Assert.That(byMessage.Keys, Is.SupersetOf(MessageContracts.All.Select(c => c.Type).Append(DeadLetterMessage.Name)), "every message checked at least once");
        });
    }

    [Test]
    public void Should_tell_every_turn_of_an_order_on_the_orders_topic()
    {
        var types = _records.Where(r => r["topic"]!.GetValue<string>() == TopicNames.Orders)
            .Select(r => JsonNode.Parse(r["value"]!.GetValue<string>())!["type"]!.GetValue<string>()).Distinct();
        Assert.That(types, Is.SupersetOf(new[] { OrderEventTypes.Created, OrderEventTypes.Paid, OrderEventTypes.PaymentFailed, OrderEventTypes.Cancelled, OrderEventTypes.Shipped, OrderEventTypes.TimedOut }));
    }

    private async Task<string> EndAsync(ApiCaller caller, string state, string prefix, params (int ProductId, int Quantity)[] lines)
    {
        var id = ApiIds.NewRequestId(prefix);
        var end = await caller.CheckoutToEndAsync(id, lines);
        Assert.That(end.GetProperty("state").GetString(), Is.EqualTo(state), id);
        _ends[id] = state;
        return id;
    }

    /// <summary>Waits for what the orders and dead-letter topics must show, then reads all seven topics to their end.</summary>
    private void ReadEveryTopic(string bootstrap, Func<IReadOnlyList<ConsumeResult<string, string>>, bool> ordersDone, Func<IReadOnlyList<ConsumeResult<string, string>>, bool> deadLettersDone)
    {
        foreach (var topic in TopicNames.All)
        {
            using var log = new TopicLog(bootstrap, topic);
            if (topic == TopicNames.Orders)
                log.ReadUntil(ordersDone, OnTopic, "every checkout's last order event");
            if (topic == TopicNames.DeadLetter)
                log.ReadUntil(deadLettersDone, OnTopic, "the dead letter");
            foreach (var record in log.ReadAll(Quiet))
                _records.Add(Describe(record));
        }
    }

    private static JsonObject Describe(ConsumeResult<string, string> record)
    {
        var headers = new JsonObject();
        foreach (var header in record.Message.Headers ?? [])
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        return new JsonObject
        {
            ["topic"] = record.Topic,
            ["partition"] = record.Partition.Value,
            ["offset"] = record.Offset.Value,
            ["key"] = record.Message.Key,
            ["headers"] = headers,
            ["value"] = record.Message.Value,
        };
    }

    private static string Type(ConsumeResult<string, string> record) => JsonNode.Parse(record.Message.Value)!["type"]!.GetValue<string>();

    private static string Example(string type, string requestId) =>
        JsonSerializer.Serialize(JsonNode.Parse(MessageContracts.All.Single(c => c.Type == type).Example.Replace("abc123xyz", requestId, StringComparison.Ordinal)));
}
