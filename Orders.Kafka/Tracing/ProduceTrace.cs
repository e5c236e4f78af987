using System.Diagnostics;

namespace Orders.Kafka.Tracing;

/// <summary>How a produced record joins a trace.</summary>
/// <param name="Parent">The span's parent (an outbox row's step, a dead letter's original record); null: the current activity.</param>
/// <param name="KeepTraceHeader">Leave a <c>traceparent</c> the record already carries as it is (dead letters keep their origin's).</param>
/// <param name="Link">Another context the span links to (the operator's request that replays a dead letter).</param>
public readonly record struct ProduceTrace(ActivityContext? Parent = null, bool KeepTraceHeader = false, ActivityContext? Link = null);
