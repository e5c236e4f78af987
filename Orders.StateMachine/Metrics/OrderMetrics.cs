using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Orders.StateMachine.Metrics;

/// <summary>
/// The saga's instruments on the process-wide <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>. Steps record here as they run; the API's OpenTelemetry SDK exports every instrument of
/// a meter with this name (on <c>/metrics</c>, and by OTLP when configured), so other parts of the service may
/// create their own instruments under the same name. Names and units follow OpenTelemetry's conventions (no unit
/// in the name, UCUM units, <c>{checkout}</c> for counts); the Prometheus exporter adds <c>_seconds</c> and
/// <c>_total</c>. Counts are per process and counted when a step runs: a step that is retried (a concurrency
/// conflict, a database failure) counts again.
/// </summary>
public static class OrderMetrics
{
    public const string MeterName = "OrderSaga";

    /// <summary>Lag readings older than this are stale: their consumer stopped reporting them.</summary>
    public static readonly TimeSpan ConsumerLagLifetime = TimeSpan.FromMinutes(1);

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Seconds: from a few milliseconds (replies) to a day (a paid order waiting to ship).</summary>
    private static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400];

    private static readonly Counter<long> Funnel = Meter.CreateCounter<long>(
        "ordersaga.checkout.funnel", "{checkout}",
        "Checkouts that reached each stage: started, priced, order_created, paid");

    private static readonly Counter<long> Ended = Meter.CreateCounter<long>(
        "ordersaga.checkout.ended", "{checkout}",
        "Checkouts that entered a final state, by state");

    private static readonly Counter<long> DeadlinesFired = Meter.CreateCounter<long>(
        "ordersaga.deadlines.fired", "{deadline}",
        "Expiry notices this process's deadline sweeper sent for due Product and Payment deadlines (one sent again after a failure counts again)");

    private static readonly Histogram<double> TimeInState = Meter.CreateHistogram(
        "ordersaga.checkout.state.duration", "s",
        "Time a checkout spent in a state, recorded when it leaves it", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> ReplyLatency = Meter.CreateHistogram(
        "ordersaga.reply.duration", "s",
        "From the step that sent a request to Product or Payment until the step that handled its reply", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<int> SagaBatches = Meter.CreateHistogram(
        "ordersaga.saga.batch.size", unit: "{record}",
        "Messages a worker took through the saga at once (source: kafka, a partition's records; http, new checkouts); applied: together (one transaction) or one_by_one (after a failed batch)", tags: null,
        new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly ConcurrentDictionary<(string Topic, int Partition), (long Lag, long At)> ConsumerLags = new();

    /// <summary>States a checkout does not leave (except for a refund after a late charge).</summary>
    public static readonly IReadOnlySet<string> FinalStates = new HashSet<string>(StringComparer.Ordinal)
        { "Shipped", "Rejected", "PaymentFailed", "TimedOut", "Cancelled", "RefundFailed" };

    /// <summary>States in which a checkout waits for another service; one that waits too long is stuck.</summary>
    public static readonly IReadOnlyList<string> WaitingStates = ["Pricing", "AwaitingPayment", "Refunding"];

    static OrderMetrics() => Meter.CreateObservableGauge(
        "ordersaga.kafka.consumer.lag", ObserveConsumerLag, "{record}",
        "Records of a partition not yet processed by this process's consumer, as its consumer last reported");

    private static long _batches;
    private static long _batchedRecords;

    /// <summary>
    /// A worker took <paramref name="records"/> messages through the saga at once, in one transaction or (after a failed
    /// batch) one by one: a Kafka partition's records (<paramref name="source"/> kafka) or new checkouts (http).
    /// </summary>
    public static void RecordSagaBatch(string source, int records, bool together)
    {
        SagaBatches.Record(records, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("applied", together ? "together" : "one_by_one"));
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedRecords, records);
    }

    /// <summary>Batches and the messages in them since the process started (for the benchmark's average batch size).</summary>
    public static (long Batches, long Records) SagaBatchTotals() => (Interlocked.Read(ref _batches), Interlocked.Read(ref _batchedRecords));

    /// <summary>A checkout entered <paramref name="state"/>: moves the funnel and counts final states.</summary>
    public static void StateEntered(string state)
    {
        switch (state)
        {
            case "Pricing":
                Funnel.Add(1, new KeyValuePair<string, object?>("stage", "started"));
                break;
            case "AwaitingPayment":
                // Pricing, recording the order and asking for payment are one step: they count together.
                Funnel.Add(1, new KeyValuePair<string, object?>("stage", "priced"));
                Funnel.Add(1, new KeyValuePair<string, object?>("stage", "order_created"));
                break;
            case "Paid":
                Funnel.Add(1, new KeyValuePair<string, object?>("stage", "paid"));
                break;
            default:
                if (FinalStates.Contains(state))
                    Ended.Add(1, new KeyValuePair<string, object?>("state", state));
                break;
        }
    }

    /// <summary>A checkout leaves <paramref name="state"/>, which it entered at <paramref name="enteredAt"/>.</summary>
    public static void StateLeft(string state, DateTimeOffset enteredAt, DateTimeOffset now)
    {
        // The Initial state lasts no time: the first step leaves it at once.
        if (state is "" or "Initial")
            return;
        TimeInState.Record(Seconds(enteredAt, now), new KeyValuePair<string, object?>("state", state));
    }

    /// <summary>A reply of <paramref name="service"/> (product, payment) to a request sent at <paramref name="requestedAt"/> arrived.</summary>
    public static void ReplyArrived(string service, DateTimeOffset requestedAt, DateTimeOffset now) =>
        ReplyLatency.Record(Seconds(requestedAt, now), new KeyValuePair<string, object?>("service", service));

    /// <summary>
    /// The deadline sweeper fires a due deadline. Per process, so with several instances each one's count shows its share
    /// of the sweeping, and their sum how often deadlines fired at all.
    /// </summary>
    public static void DeadlineFired() => DeadlinesFired.Add(1);

    /// <summary>
    /// The hook for Kafka consumers: how many records of a partition wait behind the last one processed
    /// (high watermark - last processed offset - 1). Call it as records are processed; a reading not renewed
    /// within <see cref="ConsumerLagLifetime"/> is dropped. Exported as <c>ordersaga_kafka_consumer_lag</c>
    /// (attributes <c>messaging.destination.name</c> and <c>messaging.destination.partition.id</c>, as OpenTelemetry's
    /// messaging conventions name the topic and partition) and used for back-pressure (Operations:MaxConsumerLag).
    /// </summary>
    public static void RecordConsumerLag(string topic, int partition, long lag)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ConsumerLags[(topic, partition)] = (Math.Max(0, lag), Environment.TickCount64);
    }

    /// <summary>The partition is no longer this process's to read (revoked, lost, stopped).</summary>
    public static void ForgetConsumerLag(string topic, int partition) => ConsumerLags.TryRemove((topic, partition), out _);

    /// <summary>The current lag of every partition this process reads, from readings still fresh.</summary>
    public static IReadOnlyList<(string Topic, int Partition, long Lag)> ConsumerLag()
    {
        var freshSince = Environment.TickCount64 - (long)ConsumerLagLifetime.TotalMilliseconds;
        var lags = new List<(string, int, long)>();
        foreach (var ((topic, partition), (lag, at)) in ConsumerLags)
        {
            if (at >= freshSince)
                lags.Add((topic, partition, lag));
            else
                ConsumerLags.TryRemove(new KeyValuePair<(string, int), (long, long)>((topic, partition), (lag, at)));
        }
        return lags;
    }

    private static IEnumerable<Measurement<long>> ObserveConsumerLag() =>
        ConsumerLag().Select(l => new Measurement<long>(l.Lag,
            new KeyValuePair<string, object?>("messaging.destination.name", l.Topic),
            new KeyValuePair<string, object?>("messaging.destination.partition.id", l.Partition.ToString(CultureInfo.InvariantCulture))));

    private static double Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);
}
