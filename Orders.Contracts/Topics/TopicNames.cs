namespace Orders.Contracts.Topics;

/// <summary>
/// The default Kafka topic names; each can be renamed by configuration (Kafka:Topics:*), so code
/// takes names from there and uses these only as defaults and documentation.
/// </summary>
public static class TopicNames
{
    /// <summary>Carries <see cref="MessageTypes.ProductRequest"/> only.</summary>
    public const string ProductRequests = "product-requests";

    /// <summary>Carries <see cref="MessageTypes.ProductResponse"/> only.</summary>
    public const string ProductResponses = "product-responses";

    /// <summary>Carries <see cref="MessageTypes.PaymentRequest"/> and <see cref="MessageTypes.RefundRequest"/>: the type header is required.</summary>
    public const string PaymentRequests = "payment-requests";

    /// <summary>Carries <see cref="MessageTypes.PaymentResponse"/> and <see cref="MessageTypes.RefundResponse"/>: the type header is required.</summary>
    public const string PaymentResponses = "payment-responses";

    /// <summary>Carries <see cref="MessageTypes.ShipmentStarted"/> only.</summary>
    public const string Shipments = "shipments";

    /// <summary>Carries <see cref="MessageTypes.OrderLifecycle"/> only (order.created, order.paid, ... in its "type" field).</summary>
    public const string Orders = "orders";

    /// <summary>Records that could never be processed, kept with the error and their origin.</summary>
    public const string DeadLetter = "orders-dead-letter";

    public static IReadOnlyList<string> All { get; } =
        [ProductRequests, ProductResponses, PaymentRequests, PaymentResponses, Shipments, Orders, DeadLetter];
}
