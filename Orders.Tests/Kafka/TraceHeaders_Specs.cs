using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Orders.Contracts.Topics;
using Orders.Kafka.Tracing;

namespace Orders.Tests.Kafka;

/// <summary>The W3C trace context in record headers: what is written is what W3C says, and what is read back is the same context.</summary>
[TestFixture]
public sealed class TraceHeaders_Specs
{
    private static readonly ActivityContext Sampled = new(
        ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), ActivitySpanId.CreateFromString("00f067aa0ba902b7"), ActivityTraceFlags.Recorded);

    [Test]
    public void Should_write_version_00_trace_id_span_id_and_the_sampled_flag()
    {
        var unsampled = new ActivityContext(Sampled.TraceId, Sampled.SpanId, ActivityTraceFlags.None);

        Assert.Multiple(() =>
        {
            Assert.That(TraceHeaders.TraceParent(Sampled), Is.EqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            Assert.That(TraceHeaders.TraceParent(unsampled), Is.EqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
            Assert.That(Encoding.UTF8.GetString(TraceHeaders.TraceParentBytes(Sampled)), Is.EqualTo(TraceHeaders.TraceParent(Sampled)));
        });
    }

    [Test]
    public void Should_read_back_the_context_it_wrote_with_its_tracestate()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, "vendor=abc");
        var headers = new Headers();

        TraceHeaders.Inject(headers, context);

        Assert.Multiple(() =>
        {
            Assert.That(TraceHeaders.TryExtract(headers, out var read), Is.True);
            Assert.That((read.TraceId, read.SpanId, read.TraceFlags, read.TraceState, read.IsRemote),
                Is.EqualTo((context.TraceId, context.SpanId, context.TraceFlags, "vendor=abc", true)));
        });
    }

    [Test]
    public void Should_replace_an_earlier_context_and_leave_other_headers_alone()
    {
        var headers = new Headers
        {
            { MessageHeaders.MessageType, "product.response"u8.ToArray() },
            { MessageHeaders.TraceParent, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray() },
            { MessageHeaders.TraceState, "old=1"u8.ToArray() },
        };

        TraceHeaders.Inject(headers, Sampled);

        Assert.Multiple(() =>
        {
            Assert.That(headers.Select(h => h.Key), Is.EqualTo(new[] { MessageHeaders.MessageType, MessageHeaders.TraceParent }));
            Assert.That(TraceHeaders.TryExtract(headers, out var read) ? read.TraceId : default, Is.EqualTo(Sampled.TraceId));
        });
    }

    [Test]
    public void Should_write_nothing_for_no_context_and_read_nothing_from_a_malformed_one()
    {
        var empty = new Headers();
        TraceHeaders.Inject(empty, default);
        var malformed = new Headers { { MessageHeaders.TraceParent, "00-not-a-trace-01"u8.ToArray() } };

        Assert.Multiple(() =>
        {
            Assert.That(empty, Is.Empty);
            Assert.That(TraceHeaders.Has(malformed), Is.True);
            Assert.That(TraceHeaders.TryExtract(malformed, out _), Is.False);
            Assert.That(TraceHeaders.TryExtract(null, out _), Is.False);
        });
    }
}
