using Orders.Contracts.Topics;

namespace Orders.Kafka.Configuration;

/// <summary>The topic names in use (Kafka:Topics:*); each defaults to its <see cref="TopicNames"/> name.</summary>
public sealed class KafkaTopics
{
    public string ProductRequests { get; set; } = TopicNames.ProductRequests;
    public string ProductResponses { get; set; } = TopicNames.ProductResponses;
    public string PaymentRequests { get; set; } = TopicNames.PaymentRequests;
    public string PaymentResponses { get; set; } = TopicNames.PaymentResponses;
    public string Shipments { get; set; } = TopicNames.Shipments;
    public string Orders { get; set; } = TopicNames.Orders;
    public string DeadLetter { get; set; } = TopicNames.DeadLetter;

    /// <summary>Every topic by its setting name (ProductRequests, ...), in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BySetting() =>
    [
        new(nameof(ProductRequests), ProductRequests),
        new(nameof(ProductResponses), ProductResponses),
        new(nameof(PaymentRequests), PaymentRequests),
        new(nameof(PaymentResponses), PaymentResponses),
        new(nameof(Shipments), Shipments),
        new(nameof(Orders), Orders),
        new(nameof(DeadLetter), DeadLetter),
    ];
}
