using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// The whole service on its embedded broker: HTTP in, Product and Payment simulators answering on Kafka, the
/// saga's steps in PostgreSQL, the order's life on the orders topic, and poison records set aside.
/// </summary>
[TestFixture]
public sealed class SagaOverKafka_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);
    private static readonly string[] CreatedThenPaid = ["order.created", "order.paid"];
    private static readonly string[] PendingThenPaid = ["pending", "paid"];

    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync();
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_checkout_reaches_Paid_through_the_topics_and_the_orders_topic_tells_its_life()
    {
        var caller = _host.NewUser();
        var id = ApiIds.NewRequestId("e2e");

        var final = await caller.CheckoutToEndAsync(id, (1, 2), (2, 1));
        Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("Paid"));

        using var productRequests = new TopicLog(_bootstrap, TopicNames.ProductRequests);
        var request = productRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "the product request").Single(r => r.Message.Key == id);

        using var orders = new TopicLog(_bootstrap, TopicNames.Orders);
        var life = orders.ReadUntil(r => r.Count(x => x.Message.Key == id) >= 2, OnTopic, "order.created and order.paid").Where(r => r.Message.Key == id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(TopicLog.TypeHeader(request), Is.EqualTo(MessageTypes.ProductRequest));
            Assert.That(TopicLog.Json(request)["requestId"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(TopicLog.Json(request)["userId"]!.GetValue<long>(), Is.EqualTo(caller.UserId));

            Assert.That(life.Select(r => TopicLog.Json(r)["type"]!.GetValue<string>()), Is.EqualTo(CreatedThenPaid));
            Assert.That(life.Select(TopicLog.TypeHeader), Is.All.EqualTo(MessageTypes.OrderLifecycle));
            Assert.That(life.Select(r => TopicLog.Json(r)["data"]!["status"]!.GetValue<string>()), Is.EqualTo(PendingThenPaid));
            Assert.That(life.Select(r => TopicLog.Json(r)["data"]!["totalamount"]!.GetValue<string>()), Is.All.EqualTo("6.97"));
            Assert.That(life.Select(r => TopicLog.Json(r)["data"]!["orderid"]!.GetValue<long>()), Is.All.EqualTo(final.GetProperty("orderId").GetInt64()));
            Assert.That(life.Select(r => TopicLog.Json(r)["version"]!.GetValue<string>()), Is.All.EqualTo("1.0"));
            Assert.That(life.Select(r => TopicLog.Header(r, MessageHeaders.MessageId)).Distinct().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Poison_records_go_to_the_dead_letter_topic_with_their_origin_and_good_records_behind_them_flow()
    {
        var id = ApiIds.NewRequestId("poison");
        using var producer = KafkaRecords.Producer(_bootstrap);

        // All keyed by the checkout, so they share its partition and sit ahead of its real answer.
        var malformed = await producer.ProduceAsync(TopicNames.ProductResponses, id, "{not json");
        var wrongType = await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.RefundResponse, id), MessageTypes.RefundResponse);
        var invalid = await producer.ProduceAsync(TopicNames.ProductResponses, id, $$"""{"requestId":"{{id}}","currency":"USD","items":[]}""");
        var unknownCheckout = await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));

        // Set aside before the checkout exists, so the last one is an answer for an unknown checkout.
        using var deadLetters = new TopicLog(_bootstrap, TopicNames.DeadLetter);
        var letters = deadLetters.ReadUntil(r => r.Count(x => x.Message.Key == id) >= 4, OnTopic, "four dead letters").Where(r => r.Message.Key == id).ToList();

        // Its real answer lands on the same partition, behind them.
        var final = await _host.NewUser().CheckoutToEndAsync(id, (3, 1));

        await using var db = _host.CreateDbContext();
        var rows = await db.DeadLetters.Where(d => d.RequestId == id).OrderBy(d => d.Offset).ToListAsync();

        Assert.Multiple(() =>
        {
            Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("Paid"), "the checkout behind the poison records was held up");
            Assert.That(letters.Select(l => TopicLog.Header(l, MessageHeaders.DeadLetterOffset)),
                Is.EqualTo(new[] { malformed, wrongType, invalid, unknownCheckout }.Select(d => d.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(letters.Select(l => TopicLog.Header(l, MessageHeaders.DeadLetterTopic)), Is.All.EqualTo(TopicNames.ProductResponses));
            Assert.That(letters.Select(l => TopicLog.Header(l, MessageHeaders.DeadLetterPartition)), Is.All.EqualTo(malformed.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(letters.Select(l => TopicLog.Header(l, MessageHeaders.DeadLetterGroup)), Is.All.EqualTo("order-saga"));
            Assert.That(TopicLog.Header(letters[0], MessageHeaders.DeadLetterError), Does.Contain("JSON"));
            Assert.That(TopicLog.Header(letters[1], MessageHeaders.DeadLetterError), Does.Contain("does not belong on topic"));
            Assert.That(TopicLog.Header(letters[2], MessageHeaders.DeadLetterError), Does.Contain("items must not be empty"));
            Assert.That(TopicLog.Header(letters[3], MessageHeaders.DeadLetterError), Does.Contain("which no checkout has"));
            Assert.That(letters[0].Message.Value, Is.EqualTo("{not json"), "a dead letter keeps the record's own value");
            Assert.That(TopicLog.TypeHeader(letters[1]), Is.EqualTo(MessageTypes.RefundResponse), "a dead letter keeps the record's own headers");

            Assert.That(rows.Select(r => r.Offset), Is.EqualTo(new[] { malformed, wrongType, invalid, unknownCheckout }.Select(d => d.Offset.Value)));
            Assert.That(rows.Select(r => r.Topic), Is.All.EqualTo(TopicNames.ProductResponses));
            Assert.That(rows[3].Error, Does.Contain("which no checkout has"));
            Assert.That(rows[1].MessageType, Is.EqualTo(MessageTypes.RefundResponse));
        });
    }
}
