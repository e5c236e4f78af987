using System.Text;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Benchmark;

/// <summary>
/// Reads the whole payment-requests topic after the run, as Payment would, and counts the distinct payment
/// requests per checkout: copies with the same message-id header are one request delivered again (which Payment
/// drops); two different message-ids for one checkout would be a second charge.
/// </summary>
public static class PaymentRequestAudit
{
    public static PaymentAudit Read(string bootstrapServers, string prefix)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"benchmark-audit-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).SetLogHandler((_, _) => { }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();

        var partitions = admin.GetMetadata(TopicNames.PaymentRequests, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(TopicNames.PaymentRequests, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var records = 0L;
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { Message: { } message } record)
                continue;
            if (record.Offset.Value + 1 >= ends[record.TopicPartition])
                remaining.Remove(record.TopicPartition);
            if (!message.Key.StartsWith(prefix, StringComparison.Ordinal) || Header(message, MessageHeaders.MessageType) != MessageTypes.PaymentRequest)
                continue;
            records++;
            if (!ids.TryGetValue(message.Key, out var seen))
                ids[message.Key] = seen = new HashSet<string>(StringComparer.Ordinal);
            seen.Add(Header(message, MessageHeaders.MessageId) ?? "");
        }
        consumer.Close();
        return new PaymentAudit(records, ids.Count, ids.Count(i => i.Value.Count > 1), remaining.Count == 0);
    }

    private static string? Header(Message<string, byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}

/// <summary>Payment requests on the topic for the run's checkouts: records, checkouts asked for, checkouts asked twice (distinct ids).</summary>
public sealed record PaymentAudit(long Records, long Checkouts, long RequestedTwice, bool ReadToEnd);
