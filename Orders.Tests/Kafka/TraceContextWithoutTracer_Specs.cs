using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Topics;
using Orders.Kafka.Tracing;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// Tracing off (no exporter, so no span is recorded): the trace context still travels. A checkout's records carry one
/// trace id, a consumed record's context is the one its processing logs under, and a dead letter keeps the header.
/// </summary>
[TestFixture]
public sealed class TraceContextWithoutTracer_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);

    private readonly ApiLogCapture _logs = new();
    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync(services: _logs.AddTo);
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_checkouts_records_all_carry_the_trace_of_its_POST()
    {
        var id = ApiIds.NewRequestId("untraced");
        await _host.NewUser().CheckoutToEndAsync(id, (1, 1));

        var traceIds = CheckoutRecords.OfPaid(_bootstrap, id).Select(CheckoutRecords.TraceId).ToList();

        Assert.That(traceIds, Has.Count.EqualTo(6).And.All.Not.Null.And.All.EqualTo(traceIds[0]));
    }

    [Test]
    public async Task A_dead_letter_keeps_the_traceparent_and_its_log_line_names_the_trace()
    {
        var id = ApiIds.NewRequestId("poison-traced");
        var upstream = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = TraceHeaders.TraceParent(upstream);
        using var producer = KafkaRecords.Producer(_bootstrap);
        await producer.ProduceAsync(TopicNames.ProductResponses, new Message<string, string>
        {
            Key = id,
            Value = "{not json",
            Headers = new Headers { { MessageHeaders.TraceParent, Encoding.UTF8.GetBytes(traceParent) } },
        });

        using var deadLetters = new TopicLog(_bootstrap, TopicNames.DeadLetter);
        var letter = deadLetters.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "the dead letter").Single(r => r.Message.Key == id);
        var logged = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Dead-lettered", StringComparison.Ordinal) && e.Message.Contains(id, StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(TopicLog.Header(letter, MessageHeaders.TraceParent), Is.EqualTo(traceParent));
            Assert.That(logged, Has.Count.EqualTo(1));
            Assert.That(logged.Select(e => e.Scope.GetValueOrDefault("TraceId")?.ToString()), Is.All.EqualTo(upstream.TraceId.ToHexString()));
        });
    }
}
