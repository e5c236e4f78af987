using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Kafka.Tracing;

/// <summary>A trace context in Kafka record headers, as W3C Trace Context says: <c>traceparent</c> and <c>tracestate</c>.</summary>
public static class TraceHeaders
{
    /// <summary>The length of a version 00 <c>traceparent</c>: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters.</summary>
    private const int TraceParentLength = 55;

    /// <summary>The context a record's headers carry; false when they carry none, or one that is not valid W3C.</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(MessageHeaders.TraceParent, out var parent) || parent is null)
            return false;
        var state = headers.TryGetLastBytes(MessageHeaders.TraceState, out var stateBytes) && stateBytes is not null
            ? Encoding.UTF8.GetString(stateBytes)
            : null;
        return ActivityContext.TryParse(Encoding.UTF8.GetString(parent), state, isRemote: true, out context);
    }

    /// <summary>Whether the headers carry a <c>traceparent</c>, valid or not.</summary>
    public static bool Has(Headers? headers) => headers is not null && headers.TryGetLastBytes(MessageHeaders.TraceParent, out _);

    /// <summary>Writes the context into the headers, replacing any earlier one; a default (invalid) context writes nothing.</summary>
    public static void Inject(Headers headers, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (context == default)
            return;
        // Produced records rarely have one already, and Headers.Remove allocates a predicate even when there is none.
        if (Has(headers) || headers.TryGetLastBytes(MessageHeaders.TraceState, out _))
        {
            headers.Remove(MessageHeaders.TraceParent);
            headers.Remove(MessageHeaders.TraceState);
        }
        headers.Add(MessageHeaders.TraceParent, TraceParentBytes(context));
        if (!string.IsNullOrEmpty(context.TraceState))
            headers.Add(MessageHeaders.TraceState, Encoding.UTF8.GetBytes(context.TraceState));
    }

    /// <summary>version 00, trace id, parent span id, flags: <c>00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01</c>.</summary>
    public static string TraceParent(ActivityContext context) => Encoding.ASCII.GetString(TraceParentBytes(context));

    /// <summary>
    /// <see cref="TraceParent"/> as the header's UTF-8 bytes, written in place: every produced record carries one, so no
    /// intermediate strings are made for it.
    /// </summary>
    public static byte[] TraceParentBytes(ActivityContext context)
    {
        // The ids keep their hex text (ToHexString allocates nothing): it is copied straight into the header's bytes.
        var bytes = new byte[TraceParentLength];
        "00-"u8.CopyTo(bytes);
        Encoding.ASCII.GetBytes(context.TraceId.ToHexString(), bytes.AsSpan(3, 32));
        bytes[35] = (byte)'-';
        Encoding.ASCII.GetBytes(context.SpanId.ToHexString(), bytes.AsSpan(36, 16));
        "-0"u8.CopyTo(bytes.AsSpan(52));
        bytes[54] = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? (byte)'1' : (byte)'0';
        return bytes;
    }
}
