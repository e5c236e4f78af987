using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// The test plays Product and Payment itself with the JSON of docs/messages.md, typed in as strings (not the C# contracts)
/// and carrying no MassTransit headers, and sends every answer twice: the saga must go by the requestId and
/// the kind of message alone, and the second copy must change nothing.
/// </summary>
[TestFixture]
public sealed class DocumentedWireFormat_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly string[] CreatedThenPaid = ["order.created", "order.paid"];

    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" });
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task Answers_typed_from_the_docs_and_each_delivered_twice_make_one_order_and_one_payment_request()
    {
        var caller = _host.NewUser();
        var id = ApiIds.NewRequestId("docs");
        using var producer = KafkaRecords.Producer(_bootstrap);
        using var productRequests = new TopicLog(_bootstrap, TopicNames.ProductRequests);
        using var paymentRequests = new TopicLog(_bootstrap, TopicNames.PaymentRequests);
        using var orders = new TopicLog(_bootstrap, TopicNames.Orders);

        // The documented checkout: products 1 x2 and 2 x1, which its answers price at 6.97 USD.
        Assert.That((int)(await caller.CheckoutAsync(id, (1, 2), (2, 1))).Status, Is.EqualTo(202));
        var productRequest = productRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "the product request").Single(r => r.Message.Key == id);

        // product-responses carries one kind of message: no type header needed.
        for (var copy = 0; copy < 2; copy++)
            await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));
        await caller.WaitForStateAsync(id, "AwaitingPayment");

        var paymentRequest = paymentRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "the payment request").Single(r => r.Message.Key == id);
        for (var copy = 0; copy < 2; copy++)
            await producer.ProduceAsync(TopicNames.PaymentResponses, id, DocsExamples.For(DocsExamples.PaymentResponse, id), MessageTypes.PaymentResponse);
        var paid = await caller.WaitForStateAsync(id, "Paid");

        orders.ReadUntil(r => r.Count(x => x.Message.Key == id) >= 2, OnTopic, "order.created and order.paid");
        productRequests.ReadAll(Quiet);
        paymentRequests.ReadAll(Quiet);
        orders.ReadAll(Quiet);
        await using var db = _host.CreateDbContext();

        Assert.Multiple(async () =>
        {
            Assert.That(TopicLog.Json(productRequest)["items"]!.ToJsonString(), Is.EqualTo("""[{"productId":1,"quantity":2},{"productId":2,"quantity":1}]"""));
            Assert.That(SameShape(TopicLog.Json(productRequest), DocsExamples.ProductRequest), "product request as docs/messages.md shows it");
            Assert.That(SameShape(TopicLog.Json(paymentRequest), DocsExamples.PaymentRequest), "payment request as docs/messages.md shows it");
            Assert.That(TopicLog.Json(paymentRequest)["amount"]!.GetValue<decimal>(), Is.EqualTo(6.97m));
            Assert.That(TopicLog.TypeHeader(paymentRequest), Is.EqualTo(MessageTypes.PaymentRequest));

            Assert.That(paid.GetProperty("totalAmount").GetDecimal(), Is.EqualTo(6.97m));
            Assert.That(productRequests.Keyed(id).Count(), Is.EqualTo(1), "product requests");
            Assert.That(paymentRequests.Keyed(id).Count(), Is.EqualTo(1), "payment requests, after the product answer came twice");
            Assert.That(orders.Keyed(id).Select(r => TopicLog.Json(r)["type"]!.GetValue<string>()), Is.EqualTo(CreatedThenPaid),
                "lifecycle events, after each answer came twice");
            Assert.That(await db.Orders.CountAsync(o => o.RequestId == id), Is.EqualTo(1), "orders");
            Assert.That(await db.DeadLetters.CountAsync(d => d.RequestId == id), Is.Zero, "a repeated answer is ignored, not dead-lettered");
        });
    }

    /// <summary>The same property names at every level as the documented example (values differ: ids, user, email).</summary>
    private static bool SameShape(System.Text.Json.Nodes.JsonNode actual, string example) =>
        Shape(actual) == Shape(System.Text.Json.Nodes.JsonNode.Parse(example)!);

    private static string Shape(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => "{" + string.Join(",", o.Select(p => p.Key + ":" + Shape(p.Value))) + "}",
        System.Text.Json.Nodes.JsonArray a => "[" + (a.Count > 0 ? Shape(a[0]) : "") + "]",
        _ => "v",
    };
}
