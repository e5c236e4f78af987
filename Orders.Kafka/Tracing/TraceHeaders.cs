using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Kafka.Tracing;

/// <summary>A trace context in Kafka record headers, as W3C Trace Context says: <c>traceparent</c> and <c>tracestate</c>.</summary>
public static class TraceHeaders
{
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

    /// <summary>Writes the context into the headers, replacing any earlier one; a default (invalid) context writes nothing.</summary>
    public static void Inject(Headers headers, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (context == default)
            return;
        headers.Remove(MessageHeaders.TraceParent);
        headers.Remove(MessageHeaders.TraceState);
        headers.Add(MessageHeaders.TraceParent, Encoding.UTF8.GetBytes(TraceParent(context)));
        if (!string.IsNullOrEmpty(context.TraceState))
            headers.Add(MessageHeaders.TraceState, Encoding.UTF8.GetBytes(context.TraceState));
    }

    /// <summary>version 00, trace id, parent span id, flags: <c>00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01</c>.</summary>
    public static string TraceParent(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
