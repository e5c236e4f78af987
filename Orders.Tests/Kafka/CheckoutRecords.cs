using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>What one paid checkout puts on the topics: a request and an answer each for Product and Payment, two lifecycle events.</summary>
public static class CheckoutRecords
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);

    private static readonly (string Topic, int Count)[] OfAPaidCheckout =
    [
        (TopicNames.ProductRequests, 1), (TopicNames.ProductResponses, 1), (TopicNames.PaymentRequests, 1), (TopicNames.PaymentResponses, 1),
        (TopicNames.Orders, 2),
    ];

    /// <summary>The checkout's records, keyed by its requestId, topic by topic; fails when one is missing after a while.</summary>
    public static List<ConsumeResult<string, string>> OfPaid(string bootstrapServers, string requestId)
    {
        var records = new List<ConsumeResult<string, string>>();
        foreach (var (topic, count) in OfAPaidCheckout)
        {
            using var log = new TopicLog(bootstrapServers, topic);
            records.AddRange(log.ReadUntil(r => r.Count(x => x.Message.Key == requestId) >= count, OnTopic, $"the checkout's records on {topic}")
                .Where(r => r.Message.Key == requestId));
        }
        return records;
    }

    /// <summary>The trace id in a record's <c>traceparent</c> header, or null without one.</summary>
    public static string? TraceId(ConsumeResult<string, string> record) =>
        TopicLog.Header(record, MessageHeaders.TraceParent)?.Split('-') is [_, var traceId, _, _] ? traceId : null;
}
