using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>
/// Reads a one-partition topic from its start without a consumer group (no join delay), keeping
/// every record, so tests can look answers up by key as raw JSON, as another team's client would.
/// </summary>
public sealed class TopicReader : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly List<ConsumeResult<string, string>> _read = [];

    public TopicReader(string bootstrapServers, string topic)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = KafkaTestBed.UniqueName("reader"),
            EnableAutoCommit = false,
            // Back within half a second after a broker outage, and no half-second waits on an idle fetch.
            ReconnectBackoffMaxMs = 500,
            FetchWaitMaxMs = 100,
        };
        _consumer = new ConsumerBuilder<string, string>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
    }

    public IReadOnlyList<ConsumeResult<string, string>> Read => _read;

    /// <summary>The first record with this key, waiting for it up to <see cref="KafkaTestBed.ConsumeTimeout"/>.</summary>
    public ConsumeResult<string, string> WaitFor(string key)
    {
        var deadline = DateTime.UtcNow + KafkaTestBed.ConsumeTimeout;
        while (true)
        {
            if (_read.FirstOrDefault(r => r.Message.Key == key) is { } found)
                return found;

            if (DateTime.UtcNow > deadline)
                Assert.Fail($"no record keyed '{key}' within {KafkaTestBed.ConsumeTimeout}; read {_read.Count} others");

            if (_consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
                _read.Add(record);
        }
    }

    public static JsonNode Json(ConsumeResult<string, string> record) => JsonNode.Parse(record.Message.Value)!;

    public static string? TypeHeader(ConsumeResult<string, string> record) =>
        record.Message.Headers.TryGetLastBytes(MessageHeaders.MessageType, out var type) ? Encoding.UTF8.GetString(type) : null;

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
