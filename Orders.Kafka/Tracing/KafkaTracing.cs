using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace Orders.Kafka.Tracing;

/// <summary>
/// The spans of Kafka produce and consume, named and tagged as OpenTelemetry's messaging conventions say
/// (<c>send orders</c>, <c>process product-responses</c>), and the W3C trace context every record carries, so
/// one checkout is one trace across the service, its outbox and the services it talks to.
/// </summary>
/// <remarks>
/// Without a listener (no tracer configured) no span is recorded, yet the context still travels: a produced record
/// carries the current one, and a consumed record's context is made current for its processing (an unrecorded
/// activity, as ASP.NET Core does for a request), so log lines and outbox rows keep the checkout's trace id.
/// </remarks>
public static class KafkaTracing
{
    /// <summary>The ActivitySource of these spans, for a tracer to listen to.</summary>
    public const string SourceName = "OrderSaga.Kafka";

    /// <summary>The checkout a span belongs to: its requestId, the records' key. Jaeger finds a checkout's trace by it.</summary>
    public const string RequestIdAttribute = "ordersaga.request_id";

    /// <summary>The operation name of an unrecorded carrier (nothing exports it; log scopes show only its ids).</summary>
    private const string CarrierName = "process";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of one consumed record's processing and makes it current until disposed: it continues the
    /// trace of the record's <c>traceparent</c> header, or begins a new one (tagged with the record's requestId)
    /// when the record has none, so every record produced in that step carries a context (a producer without
    /// tracing must not leave the checkout's records without one).
    /// </summary>
    public static Activity StartProcess(ConsumeResult<string, byte[]> record, string consumerGroup)
    {
        ArgumentNullException.ThrowIfNull(record);
        var continued = TraceHeaders.TryExtract(record.Message?.Headers, out var parent);
        // Tracing off: no span name to build and no tags to set, only the carrier of the record's context.
        if (!Source.HasListeners())
            return continued ? StartCarrier(parent) : StartNewTrace();
        var activity = Source.StartActivity($"process {record.Topic}", ActivityKind.Consumer, continued ? parent : default)
            ?? (continued ? StartCarrier(parent) : StartNewTrace());
        if (activity is { IsAllDataRequested: true } && activity.Source == Source)
        {
            Describe(activity, "process", record.Topic, record.Message?.Key);
            activity.SetTag(MessagingAttributes.DestinationPartition, record.Partition.Value.ToString(CultureInfo.InvariantCulture));
            activity.SetTag(MessagingAttributes.KafkaOffset, record.Offset.Value);
            activity.SetTag(MessagingAttributes.ConsumerGroup, consumerGroup);
        }
        return activity;
    }

    /// <summary>Produces the record inside a <c>send {topic}</c> span that is a child of the current activity.</summary>
    public static Task<DeliveryResult<TKey, TValue>> ProduceTracedAsync<TKey, TValue>(this IProducer<TKey, TValue> producer, string topic,
        Message<TKey, TValue> message, CancellationToken cancellationToken) =>
        producer.ProduceTracedAsync(topic, message, default, cancellationToken);

    /// <summary>
    /// Produces the record inside a <c>send {topic}</c> span and puts the span's context (or, when nothing is recorded,
    /// the parent's) in its <c>traceparent</c> header; <paramref name="trace"/> says which parent, whether a header the
    /// record has is kept, and what to link to.
    /// </summary>
    public static Task<DeliveryResult<TKey, TValue>> ProduceTracedAsync<TKey, TValue>(this IProducer<TKey, TValue> producer, string topic,
        Message<TKey, TValue> message, ProduceTrace trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(message);
        var parentContext = trace.Parent ?? Activity.Current?.Context ?? default;
        if (Source.HasListeners())
            return ProduceInSpanAsync(producer, topic, message, trace, parentContext, cancellationToken);
        // Tracing off: the record carries the parent's context, and the producer's own task is returned (no span to
        // end, so no async step of ours between the delivery and whoever awaits it).
        CarryContext(message, trace, parentContext);
        return producer.ProduceAsync(topic, message, cancellationToken);
    }

    private static async Task<DeliveryResult<TKey, TValue>> ProduceInSpanAsync<TKey, TValue>(IProducer<TKey, TValue> producer, string topic,
        Message<TKey, TValue> message, ProduceTrace trace, ActivityContext parentContext, CancellationToken cancellationToken)
    {
        ActivityLink[]? links = trace.Link is { } other && other != default ? [new ActivityLink(other)] : null;
        // Async, so the span is current only in here: a caller that starts several produces sees none of them.
        using var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer, parentContext, links: links);
        if (activity is { IsAllDataRequested: true })
            Describe(activity, "send", topic, message.Key);
        CarryContext(message, trace, activity?.Context ?? parentContext);

        try
        {
            var delivered = await producer.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(MessagingAttributes.DestinationPartition, delivered.Partition.Value.ToString(CultureInfo.InvariantCulture));
                activity.SetTag(MessagingAttributes.KafkaOffset, delivered.Offset.Value);
            }
            return delivered;
        }
        catch (Exception ex) when (activity is not null)
        {
            Failed(activity, ex);
            throw;
        }
    }

    /// <summary>Puts the context in the record's headers, unless the record's own is to be kept and it has one.</summary>
    private static void CarryContext<TKey, TValue>(Message<TKey, TValue> message, ProduceTrace trace, ActivityContext context)
    {
        message.Headers ??= new Headers();
        if (!trace.KeepTraceHeader || !TraceHeaders.TryExtract(message.Headers, out _))
            TraceHeaders.Inject(message.Headers, context);
    }

    /// <summary>Marks the span failed with the exception: status, <c>error.type</c> and an exception event.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is null)
            return;
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(MessagingAttributes.ErrorType, exception.GetType().FullName);
        activity.AddException(exception);
    }

    /// <summary>The record was set aside as poison: its span says why.</summary>
    public static void DeadLettered(Activity? activity, string reason)
    {
        if (activity is null)
            return;
        activity.SetStatus(ActivityStatusCode.Error, reason);
        activity.SetTag(MessagingAttributes.ErrorType, "dead_lettered");
    }

    /// <summary>An activity nobody records, only so the record's context is current while it is processed.</summary>
    private static Activity StartCarrier(ActivityContext parent)
    {
        var carrier = new Activity(CarrierName);
        carrier.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        carrier.TraceStateString = parent.TraceState;
        return carrier.Start();
    }

    /// <summary>An unrecorded activity that begins a trace of its own, for a record that came without one.</summary>
    private static Activity StartNewTrace()
    {
        var carrier = new Activity(CarrierName);
        carrier.SetIdFormat(ActivityIdFormat.W3C);
        return carrier.Start();
    }

    private static void Describe(Activity activity, string operation, string topic, object? key)
    {
        activity.SetTag(MessagingAttributes.System, "kafka");
        activity.SetTag(MessagingAttributes.OperationType, operation);
        activity.SetTag(MessagingAttributes.OperationName, operation);
        activity.SetTag(MessagingAttributes.DestinationName, topic);
        if (key is string { Length: > 0 } requestId)
        {
            activity.SetTag(MessagingAttributes.KafkaMessageKey, requestId);
            activity.SetTag(RequestIdAttribute, requestId);
        }
    }
}
