using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.Contracts.Topics;

namespace Orders.Benchmark;

/// <summary>
/// Reads the orders topic while the benchmark runs and marks a checkout finished when its final order event
/// (order.paid, order.payment_failed, order.timed_out, order.cancelled) arrives. It also counts every event per
/// checkout and type, so a second, different event of one kind (a second order, say) shows up.
/// </summary>
public sealed class CompletionWatcher : IDisposable
{
    private static readonly HashSet<string> FinalTypes =
        [OrderEventTypes.Paid, OrderEventTypes.PaymentFailed, OrderEventTypes.TimedOut, OrderEventTypes.Cancelled];

    private readonly ConcurrentDictionary<string, TrackedCheckout> _checkouts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string RequestId, string Type), string> _firstIds = [];
    private readonly Dictionary<string, int> _eventsByType = new(StringComparer.Ordinal);
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly Lock _tally = new();
    private int _redelivered;
    private int _conflicting;

    public CompletionWatcher(string bootstrapServers, string runId)
    {
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"benchmark-{runId}",
            // The broker is fresh for each run: from the start, nothing can be missed before the assignment.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            // The watcher's own delay is part of every latency it measures: keep it short.
            FetchWaitMaxMs = 5,
            SocketNagleDisable = true,
        }).SetLogHandler((_, _) => { }).Build();
        _consumer.Subscribe(TopicNames.Orders);
        _thread = new Thread(Run) { IsBackground = true, Name = "orders-topic-watcher" };
        _thread.Start();
    }

    /// <summary>Checkouts whose end was seen twice with different event ids (never expected).</summary>
    public int ConflictingEvents { get { lock (_tally) return _conflicting; } }

    /// <summary>Copies of an event with the same id (a relay redelivery: harmless, consumers drop them).</summary>
    public int RedeliveredEvents { get { lock (_tally) return _redelivered; } }

    public IReadOnlyDictionary<string, int> EventsByType
    {
        get { lock (_tally) return new Dictionary<string, int>(_eventsByType, StringComparer.Ordinal); }
    }

    /// <summary>Watches for this checkout's end; call before its POST.</summary>
    public void Track(TrackedCheckout checkout) => _checkouts[checkout.RequestId] = checkout;

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? record;
            try
            {
                record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }
            if (record?.Message?.Value is not { } value)
                continue;

            var at = Stopwatch.GetTimestamp();
            if (!TryRead(value, out var id, out var type, out var requestId))
                continue;
            Tally(requestId, type, id);
            if (FinalTypes.Contains(type) && _checkouts.TryGetValue(requestId, out var checkout))
                checkout.Finish(at, type);
        }
    }

    private void Tally(string requestId, string type, string id)
    {
        lock (_tally)
        {
            _eventsByType[type] = _eventsByType.GetValueOrDefault(type) + 1;
            if (!_firstIds.TryAdd((requestId, type), id))
            {
                if (_firstIds[(requestId, type)] == id)
                    _redelivered++;
                else
                    _conflicting++;
            }
        }
    }

    /// <summary>The event's id, type and data.requestid, read from the documented envelope.</summary>
    private static bool TryRead(byte[] value, out string id, out string type, out string requestId)
    {
        id = type = requestId = "";
        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            id = root.GetProperty("id").GetString() ?? "";
            type = root.GetProperty("type").GetString() ?? "";
            requestId = root.GetProperty("data").GetProperty("requestid").GetString() ?? "";
            return requestId.Length > 0;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
