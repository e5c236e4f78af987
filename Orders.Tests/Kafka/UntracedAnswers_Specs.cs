using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// Answers from a producer without tracing (no <c>traceparent</c> header): the records the saga produces in that step
/// still carry one, a new trace begun for the step, shared by everything the step produced.
/// </summary>
[TestFixture]
public sealed class UntracedAnswers_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);
    private const string TraceParent = "^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$";

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
    public async Task When_answers_carry_no_traceparent_Should_give_every_record_of_their_steps_one()
    {
        var caller = _host.NewUser();
        var id = ApiIds.NewRequestId("untraced-answers");
        using var producer = KafkaRecords.Producer(_bootstrap);
        using var paymentRequests = new TopicLog(_bootstrap, TopicNames.PaymentRequests);
        using var orders = new TopicLog(_bootstrap, TopicNames.Orders);

        Assert.That((int)(await caller.CheckoutAsync(id, (1, 2), (2, 1))).Status, Is.EqualTo(202));
        await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));
        await caller.WaitForStateAsync(id, "AwaitingPayment");
        await producer.ProduceAsync(TopicNames.PaymentResponses, id, DocsExamples.For(DocsExamples.PaymentResponse, id), MessageTypes.PaymentResponse);
        await caller.WaitForStateAsync(id, "Paid");

        var paymentRequest = paymentRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "the payment request").Single(r => r.Message.Key == id);
        var events = orders.ReadUntil(r => r.Count(x => x.Message.Key == id) >= 2, OnTopic, "order.created and order.paid").Where(r => r.Message.Key == id).ToList();
        var created = events.Single(r => TopicLog.Json(r)["type"]!.GetValue<string>() == "order.created");
        var paid = events.Single(r => TopicLog.Json(r)["type"]!.GetValue<string>() == "order.paid");

        Assert.Multiple(() =>
        {
            Assert.That(TopicLog.Header(created, MessageHeaders.TraceParent), Is.Not.Null.And.Match(TraceParent), "order.created");
            Assert.That(TopicLog.Header(paymentRequest, MessageHeaders.TraceParent), Is.Not.Null.And.Match(TraceParent), "payment.request");
            Assert.That(TopicLog.Header(paid, MessageHeaders.TraceParent), Is.Not.Null.And.Match(TraceParent), "order.paid");
            Assert.That(CheckoutRecords.TraceId(paymentRequest), Is.EqualTo(CheckoutRecords.TraceId(created)), "one step, one new trace");
        });
    }
}
