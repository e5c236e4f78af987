using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>
/// The simulators on a broker, driven the way another team's service would drive them: raw JSON
/// copied from docs/messages.md in, raw JSON read back out. One host per fixture, because a consumer
/// group's first join costs the mock coordinator three seconds.
/// </summary>
public abstract class SimulatorFixture
{
    protected KafkaTestBed Bed { get; private set; } = null!;
    protected SimulatorHost Host { get; private set; } = null!;
    protected TopicReader Answers { get; private set; } = null!;
    [SuppressMessage("Structure", "NUnit1032", Justification = "The bed made it and disposes it with its other clients (KafkaTestBed.Track).")]
    protected IProducer<string, string> Requests { get; private set; } = null!;

    protected abstract string RequestTopic { get; }
    protected abstract string ResponseTopic { get; }

    [OneTimeSetUp]
    public async Task StartSimulators()
    {
        Bed = KafkaTestBed.Start();
        Host = await SimulatorHost.StartAsync(Bed);
        Answers = new TopicReader(Bed.Broker.BootstrapServers, ResponseTopic);
        Requests = Bed.Producer();
    }

    [OneTimeTearDown]
    public async Task StopSimulators()
    {
        Answers?.Dispose();
        if (Host is not null)
            await Host.DisposeAsync();
        Bed?.Dispose();
    }

    protected static string NewRequestId() => $"t-{Guid.NewGuid():N}";

    protected Task<DeliveryResult<string, string>> Send(string requestId, string json, string? type = null)
    {
        var message = new Message<string, string> { Key = requestId, Value = json, Headers = [] };
        if (type is not null)
            message.Headers.Add(MessageHeaders.MessageType, Encoding.UTF8.GetBytes(type));
        return Requests.ProduceAsync(RequestTopic, message);
    }

    /// <summary>Sends a poison record, then a good one; asserts the first is skipped (logged, committed, unanswered) and the second answered.</summary>
    protected async Task AssertPoisonSkipped(string poison, string? poisonType, string good, string goodType, string groupId, string reason)
    {
        var poisonId = NewRequestId();
        var goodId = NewRequestId();

        var skipped = await Send(poisonId, poison, poisonType);
        var answered = await Send(goodId, DocsExamples.For(good, goodId), goodType);
        Answers.WaitFor(goodId);

        Assert.That(Answers.Read.Select(r => r.Message.Key), Does.Not.Contain(poisonId), "no answer to the poison record");
        Assert.That(Host.Logs.At(LogLevel.Warning),
            Has.Some.Contains($"skipped a poison record at {RequestTopic}[0]@{skipped.Offset.Value}: {reason}"));
        Assert.That(() => Host.CommittedOffset(groupId, RequestTopic),
            Is.GreaterThan(answered.Offset.Value).After(10_000, 200), "both offsets committed");
    }
}

[TestFixture]
public class When_the_product_simulator_gets_requests_on_kafka : SimulatorFixture
{
    protected override string RequestTopic => Host.Topics.ProductRequests;
    protected override string ResponseTopic => Host.Topics.ProductResponses;

    [Test]
    public async Task Should_price_the_documented_request_and_answer_with_the_type_header()
    {
        var requestId = NewRequestId();

        await Send(requestId, DocsExamples.For(DocsExamples.ProductRequest, requestId));
        var answer = Answers.WaitFor(requestId);

        var json = TopicReader.Json(answer);
        Assert.Multiple(() =>
        {
            Assert.That(TopicReader.TypeHeader(answer), Is.EqualTo(MessageTypes.ProductResponse));
            Assert.That(json["requestId"]?.GetValue<string>(), Is.EqualTo(requestId));
            Assert.That(json["currency"]?.GetValue<string>(), Is.EqualTo("USD"));
            Assert.That(json["items"]![0]!["productId"]?.GetValue<int>(), Is.EqualTo(1));
            Assert.That(json["items"]![0]!["name"]?.GetValue<string>(), Is.EqualTo("Product 1"));
            Assert.That(json["items"]![0]!["unitPrice"]?.GetValue<decimal>(), Is.EqualTo(1.99m));
            Assert.That(json["items"]![0]!["available"]?.GetValue<bool>(), Is.True);
            Assert.That(json["items"]![1]!["name"]?.GetValue<string>(), Is.EqualTo("Product 2"));
        });
    }

    [Test]
    public async Task Should_answer_an_unavailable_and_an_unknown_product()
    {
        var requestId = NewRequestId();
        var request = $$"""{"requestId":"{{requestId}}","userId":101,"email":"ada@example.com","items":[{"productId":404,"quantity":1},{"productId":5000,"quantity":1}]}""";

        await Send(requestId, request);
        var items = TopicReader.Json(Answers.WaitFor(requestId))["items"]!;

        Assert.Multiple(() =>
        {
            Assert.That(items[0]!["productId"]?.GetValue<int>(), Is.EqualTo(404));
            Assert.That(items[0]!["name"]?.GetValue<string>(), Is.EqualTo("Product 404"));
            Assert.That(items[0]!["available"]?.GetValue<bool>(), Is.False);
            Assert.That(items[1]!["productId"]?.GetValue<int>(), Is.EqualTo(5000));
            Assert.That(items[1]!["name"], Is.Null);
            Assert.That(items[1]!["available"]?.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public Task Should_skip_malformed_json_and_answer_the_next_request() =>
        AssertPoisonSkipped("""{"requestId":""", null, DocsExamples.ProductRequest, MessageTypes.ProductRequest,
            Host.Options.Simulators.ProductGroupId, "product.request: the JSON body does not fit the message");
}

[TestFixture]
public class When_the_payment_simulator_gets_requests_on_kafka : SimulatorFixture
{
    protected override string RequestTopic => Host.Topics.PaymentRequests;
    protected override string ResponseTopic => Host.Topics.PaymentResponses;

    [Test]
    public async Task Should_charge_the_documented_request()
    {
        var requestId = NewRequestId();

        await Send(requestId, DocsExamples.For(DocsExamples.PaymentRequest, requestId), MessageTypes.PaymentRequest);
        var answer = Answers.WaitFor(requestId);

        var json = TopicReader.Json(answer);
        Assert.Multiple(() =>
        {
            Assert.That(TopicReader.TypeHeader(answer), Is.EqualTo(MessageTypes.PaymentResponse));
            Assert.That(json["requestId"]?.GetValue<string>(), Is.EqualTo(requestId));
            Assert.That(json["success"]?.GetValue<bool>(), Is.True);
            Assert.That(json["transactionId"]?.GetValue<string>(), Is.EqualTo($"txn-{requestId}"));
            Assert.That(json["reason"], Is.Null);
        });
    }

    [Test]
    public async Task Should_decline_a_charge_above_the_limit()
    {
        var requestId = NewRequestId();
        var request = DocsExamples.For(DocsExamples.PaymentRequest, requestId).Replace("6.97", "10999.89", StringComparison.Ordinal);

        await Send(requestId, request, MessageTypes.PaymentRequest);
        var answer = Answers.WaitFor(requestId);

        var json = TopicReader.Json(answer);
        Assert.Multiple(() =>
        {
            Assert.That(TopicReader.TypeHeader(answer), Is.EqualTo(MessageTypes.PaymentResponse));
            Assert.That(json["success"]?.GetValue<bool>(), Is.False);
            Assert.That(json["transactionId"], Is.Null);
            Assert.That(json["reason"]?.GetValue<string>(), Is.EqualTo("Amount 10999.89 USD exceeds the limit of 10000.00"));
        });
    }

    [Test]
    public async Task Should_refund_the_documented_refund_request()
    {
        var requestId = NewRequestId();

        await Send(requestId, DocsExamples.For(DocsExamples.RefundRequest, requestId), MessageTypes.RefundRequest);
        var answer = Answers.WaitFor(requestId);

        var json = TopicReader.Json(answer);
        Assert.Multiple(() =>
        {
            Assert.That(TopicReader.TypeHeader(answer), Is.EqualTo(MessageTypes.RefundResponse));
            Assert.That(json["requestId"]?.GetValue<string>(), Is.EqualTo(requestId));
            Assert.That(json["success"]?.GetValue<bool>(), Is.True);
            Assert.That(json["refundId"]?.GetValue<string>(), Is.EqualTo($"rfd-{requestId}"));
        });
    }

    [Test]
    public Task Should_skip_a_charge_without_its_type_header_and_answer_the_next_request() =>
        AssertPoisonSkipped(DocsExamples.PaymentRequest, null, DocsExamples.PaymentRequest, MessageTypes.PaymentRequest,
            Host.Options.Simulators.PaymentGroupId, "the message-type header is required");
}

[TestFixture]
public class When_the_broker_is_down_for_a_while : SimulatorFixture
{
    protected override string RequestTopic => Host.Topics.ProductRequests;
    protected override string ResponseTopic => Host.Topics.ProductResponses;

    [Test]
    [Order(1)]
    public async Task Should_log_it_and_answer_what_was_sent_meanwhile()
    {
        var before = NewRequestId();
        await Send(before, DocsExamples.For(DocsExamples.ProductRequest, before));
        Answers.WaitFor(before);

        Bed.Broker.SetBrokerDown(1);
        var meanwhile = NewRequestId();
        var sent = Send(meanwhile, DocsExamples.For(DocsExamples.ProductRequest, meanwhile));
        // The outage itself: shorter than the 6 s session timeout, so the group survives it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Bed.Broker.SetBrokerUp(1);
        await sent;

        Assert.That(TopicReader.Json(Answers.WaitFor(meanwhile))["requestId"]?.GetValue<string>(), Is.EqualTo(meanwhile));
        Assert.That(Host.Logs.At(LogLevel.Warning), Has.Some.Match("^Product service simulator Kafka error Local_(Transport|AllBrokersDown): "),
            "the outage was logged");
        Assert.That(Host.Logs.At(LogLevel.Error), Is.Empty, "no restart was needed");
    }

    [Test]
    [Order(2)]
    public async Task Should_still_stop_within_seconds()
    {
        Bed.Broker.SetBrokerDown(1);

        var clock = Stopwatch.StartNew();
        await Host.StopAsync();

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(Host.Logs.At(LogLevel.Information), Has.Some.EqualTo("Product service simulator stopped"));
    }
}

[TestFixture]
public class When_the_simulators_are_stopped : SimulatorFixture
{
    protected override string RequestTopic => Host.Topics.ProductRequests;
    protected override string ResponseTopic => Host.Topics.ProductResponses;

    [Test]
    public async Task Should_leave_their_groups_and_stop_within_seconds()
    {
        var requestId = NewRequestId();
        await Send(requestId, DocsExamples.For(DocsExamples.ProductRequest, requestId));
        Answers.WaitFor(requestId);

        var clock = Stopwatch.StartNew();
        await Host.StopAsync();

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        var lines = Host.Logs.At(LogLevel.Information);
        Assert.That(lines, Has.Some.EqualTo($"Product service simulator gave up {RequestTopic}[0]"), "closed: partitions handed back");
        Assert.That(lines, Has.Some.EqualTo("Product service simulator stopped"));
        Assert.That(lines, Has.Some.EqualTo("Payment service simulator stopped"));
    }
}
