using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orders.Contracts.Topics;
using Orders.Kafka.Tracing;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// Tracing on (an in-memory exporter instead of OTLP): one checkout through HTTP, the embedded broker, the simulators
/// and PostgreSQL is one trace, and every record it puts on a topic carries that trace in its traceparent header.
/// </summary>
[TestFixture]
public sealed class CheckoutTrace_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);

    private readonly SpanCollection _spans = new();
    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync(services: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(_spans)));
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_paid_checkout_is_one_trace_from_the_POST_to_order_paid()
    {
        var id = ApiIds.NewRequestId("trace");
        await _host.NewUser().CheckoutToEndAsync(id, (1, 2));

        var traceId = TraceOf(await SpanAsync(s => s.DisplayName == $"send {TopicNames.ProductRequests}" && RequestId(s) == id));
        var trace = await TraceUntilAsync(traceId, t => t.Count(s => s.DisplayName == $"send {TopicNames.Orders}") >= 2, "order.created and order.paid sent");

        Assert.Multiple(() =>
        {
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") is "/orders/checkout" or "/orders/checkout/"),
                $"the POST, in:\n{Describe(trace)}");
            Assert.That(trace.Where(s => s.Kind == ActivityKind.Server), Has.All.Matches<Activity>(s => s.Parent is null && s.ParentSpanId == default),
                "the POST starts the trace");
            foreach (var topic in new[] { TopicNames.ProductRequests, TopicNames.ProductResponses, TopicNames.PaymentRequests, TopicNames.PaymentResponses })
            {
                Assert.That(trace, Has.One.Matches<Activity>(s => s.DisplayName == $"send {topic}" && s.Kind == ActivityKind.Producer), $"send {topic}");
                Assert.That(trace, Has.One.Matches<Activity>(s => s.DisplayName == $"process {topic}" && s.Kind == ActivityKind.Consumer), $"process {topic}");
            }
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Source.Name == "MassTransit" && HasAncestor(trace, s, $"process {TopicNames.ProductResponses}")),
                "the saga step that handled Product's answer, under its record's processing");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Source.Name == "Npgsql" && HasAncestor(trace, s, $"process {TopicNames.PaymentResponses}")),
                "PostgreSQL commands of the payment step");
            Assert.That(trace.Where(s => s.Source.Name == KafkaTracing.SourceName), Has.All.Matches<Activity>(s => RequestId(s) == id));
            Assert.That(trace.Single(s => s.DisplayName == $"process {TopicNames.ProductResponses}").GetTagItem(MessagingAttributes.ConsumerGroup), Is.EqualTo("order-saga"));
            // The relay, sweepers and counters polled the database all along, outside any trace: none of it is traced.
            Assert.That(_spans.Matching(s => s.Source.Name == "Npgsql" && s.ParentSpanId == default), Is.Empty,
                $"database commands outside a trace:\n{Describe(_spans.Matching(s => s.Source.Name == "Npgsql" && s.ParentSpanId == default))}");
        });

        // Every record of the checkout, as another team's client reads it, names the same trace.
        var records = CheckoutRecords.OfPaid(_bootstrap, id);
        Assert.That(records.Select(CheckoutRecords.TraceId).ToList(), Has.Count.EqualTo(6).And.All.EqualTo(traceId.ToHexString()));
    }

    [Test]
    public async Task A_record_without_traceparent_starts_a_trace_of_its_own_named_by_its_checkout()
    {
        var id = ApiIds.NewRequestId("untraced");
        using var producer = KafkaRecords.Producer(_bootstrap);
        await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));

        var processing = await SpanAsync(s => s.DisplayName == $"process {TopicNames.ProductResponses}" && RequestId(s) == id);
        Assert.Multiple(() =>
        {
            Assert.That(processing.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "a root span");
            Assert.That(processing.Status, Is.EqualTo(ActivityStatusCode.Error), "no checkout has it: dead-lettered");
            Assert.That(processing.GetTagItem(MessagingAttributes.ErrorType), Is.EqualTo("dead_lettered"));
        });
    }

    [Test]
    public async Task A_record_with_traceparent_is_processed_in_that_trace()
    {
        var id = ApiIds.NewRequestId("traced");
        var upstream = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var producer = KafkaRecords.Producer(_bootstrap);
        var headers = new Headers { { MessageHeaders.TraceParent, Encoding.UTF8.GetBytes(TraceHeaders.TraceParent(upstream)) } };
        await producer.ProduceAsync(TopicNames.ProductResponses,
            new Message<string, string> { Key = id, Value = DocsExamples.For(DocsExamples.ProductResponse, id), Headers = headers });

        var processing = await SpanAsync(s => s.DisplayName == $"process {TopicNames.ProductResponses}" && RequestId(s) == id);
        Assert.Multiple(() =>
        {
            Assert.That(processing.TraceId, Is.EqualTo(upstream.TraceId));
            Assert.That(processing.ParentSpanId, Is.EqualTo(upstream.SpanId));
        });
    }

    private static string Describe(IEnumerable<Activity> spans) =>
        string.Join("\n", spans.Select(s => $"  {s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId} {string.Join(" ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"));

    private static string? RequestId(Activity span) => span.GetTagItem(KafkaTracing.RequestIdAttribute) as string;

    private static ActivityTraceId TraceOf(Activity span) => span.TraceId;

    private static bool HasAncestor(IReadOnlyList<Activity> trace, Activity span, string name)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var parent = span.ParentSpanId; byId.TryGetValue(parent, out var up); parent = up.ParentSpanId)
        {
            if (up.DisplayName == name)
                return true;
        }
        return false;
    }

    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + OnTopic;
        while (true)
        {
            if (_spans.Matching(match) is [var span, ..])
                return span;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"no such span within {OnTopic}; spans so far:\n{Describe(_spans.Matching(_ => true))}");
            await Task.Delay(50);
        }
    }

    private async Task<IReadOnlyList<Activity>> TraceUntilAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + OnTopic;
        while (true)
        {
            var trace = _spans.OfTrace(traceId);
            if (done(trace))
                return trace;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{what}: not within {OnTopic}; the trace has:\n{Describe(trace)}");
            await Task.Delay(50);
        }
    }
}
