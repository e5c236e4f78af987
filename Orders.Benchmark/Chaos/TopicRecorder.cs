using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Benchmark.Chaos;

/// <summary>
/// Reads, while the chaos run goes on, what the service produces that the check needs (the orders topic, the payment
/// requests and refund requests, the dead letters) and writes each record to the history: it is read as it comes,
/// before the embedded broker's 5 MiB per partition can drop it.
/// </summary>
public sealed class TopicRecorder : IDisposable
{
    private static readonly string[] Topics = [TopicNames.Orders, TopicNames.PaymentRequests, TopicNames.DeadLetter];

    private readonly IConsumer<string, byte[]> _consumer;
    private readonly ChaosHistory _history;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _records;

    public TopicRecorder(string bootstrapServers, string runId, ChaosHistory history)
    {
        _history = history;
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"chaos-{runId}",
            EnableAutoCommit = false,
            ReconnectBackoffMaxMs = 1000,
        }).SetLogHandler((_, _) => { }).Build();
        // Every partition from its start, assigned rather than subscribed: no group to rejoin after a broker outage.
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(30));
            _consumer.Assign(metadata.Topics.Where(t => Topics.Contains(t.Topic))
                .SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning))));
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "chaos-topic-recorder" };
        _thread.Start();
    }

    public long Records => Interlocked.Read(ref _records);

    /// <summary>Waits until no record has come for <paramref name="quiet"/>: what was produced has been read.</summary>
    public void WaitQuiet(TimeSpan quiet, TimeSpan atMost)
    {
        var end = DateTime.UtcNow + atMost;
        var seen = Records;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < end && DateTime.UtcNow - since < quiet)
        {
            Thread.Sleep(200);
            if (Records != seen)
                (seen, since) = (Records, DateTime.UtcNow);
        }
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? record;
            try
            {
                record = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException)
            {
                continue;
            }
            if (record?.Message is not { } message)
                continue;
            Interlocked.Increment(ref _records);
            _history.Write(new()
            {
                ["op"] = "record",
                ["topic"] = record.Topic,
                ["partition"] = record.Partition.Value,
                ["offset"] = record.Offset.Value,
                ["id"] = message.Key,
                ["type"] = record.Topic == TopicNames.Orders ? EventType(message.Value) : Header(message.Headers, MessageHeaders.MessageType),
                // The outbox row's id: a relayed copy has the same one, a second message a new one.
                ["mid"] = Header(message.Headers, MessageHeaders.MessageId),
            });
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string? EventType(byte[]? value)
    {
        if (value is null)
            return null;
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }
}
