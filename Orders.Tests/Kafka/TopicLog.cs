using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>
/// Reads every partition of a topic from its start, without a consumer group, keeping what it read: the view
/// of another team's client (raw JSON and headers), for tests that check what the service put on a topic.
/// </summary>
public sealed class TopicLog : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly List<ConsumeResult<string, string>> _read = [];

    public TopicLog(string bootstrapServers, string topic, int partitions = 6)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = KafkaTestBed.UniqueName("log"),
            EnableAutoCommit = false,
            ReconnectBackoffMaxMs = 500,
            FetchWaitMaxMs = 100,
        };
        _consumer = new ConsumerBuilder<string, string>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    /// <summary>Reads until <paramref name="done"/> holds for what was read, failing after <paramref name="timeout"/>.</summary>
    public IReadOnlyList<ConsumeResult<string, string>> ReadUntil(Func<IReadOnlyList<ConsumeResult<string, string>>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(_read))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{what} not on the topic within {timeout}; read {_read.Count} records:\n{string.Join("\n", _read.Select(Describe))}");
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
                _read.Add(record);
        }
        return _read;
    }

    /// <summary>Reads what arrives within <paramref name="quiet"/> of the last record: everything there is by then.</summary>
    public IReadOnlyList<ConsumeResult<string, string>> ReadAll(TimeSpan quiet)
    {
        while (_consumer.Consume(quiet) is { } record)
        {
            if (!record.IsPartitionEOF)
                _read.Add(record);
        }
        return _read;
    }

    public IEnumerable<ConsumeResult<string, string>> Keyed(string key) => _read.Where(r => r.Message.Key == key);

    public static JsonNode Json(ConsumeResult<string, string> record) => JsonNode.Parse(record.Message.Value)!;

    public static string? Header(ConsumeResult<string, string> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;

    public static string? TypeHeader(ConsumeResult<string, string> record) => Header(record, MessageHeaders.MessageType);

    private static string Describe(ConsumeResult<string, string> record) =>
        $"  {record.TopicPartitionOffset} key={record.Message.Key} type={TypeHeader(record)} {record.Message.Value}";

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
