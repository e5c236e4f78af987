using Orders.Contracts;
using Orders.Contracts.Topics;
using Orders.Kafka.Serialization;

namespace Orders.Kafka.Contracts;

/// <summary>
/// The contract facts of every message in <see cref="WireCatalog"/>. The examples are the docs' own (docs/messages.md),
/// word for word: a test finds each there and validates it against the document's schemas.
/// </summary>
public static class MessageContracts
{
    public const string InitialVersion = "1.0";

    private const string Product = "the Product service";
    private const string Payment = "the Payment service";

    public static IReadOnlyList<MessageContract> All { get; } =
    [
        new(MessageTypes.ProductRequest, InitialVersion, MessageDirection.Sent, Product,
            """{"requestId":"abc123xyz","userId":101,"email":"ada@example.com","items":[{"productId":1,"quantity":2},{"productId":2,"quantity":1}]}"""),
        new(MessageTypes.ProductResponse, InitialVersion, MessageDirection.Received, Product,
            """{"requestId":"abc123xyz","currency":"USD","items":[{"productId":1,"name":"Product 1","unitPrice":1.99,"available":true},{"productId":2,"name":"Product 2","unitPrice":2.99,"available":true}]}"""),
        new(MessageTypes.PaymentRequest, InitialVersion, MessageDirection.Sent, Payment,
            """{"requestId":"abc123xyz","orderId":1,"userId":101,"amount":6.97,"currency":"USD"}"""),
        new(MessageTypes.RefundRequest, InitialVersion, MessageDirection.Sent, Payment,
            """{"requestId":"abc123xyz","orderId":1,"transactionId":"txn-abc123xyz","amount":6.97,"currency":"USD"}"""),
        new(MessageTypes.PaymentResponse, InitialVersion, MessageDirection.Received, Payment,
            """{"requestId":"abc123xyz","success":true,"transactionId":"txn-abc123xyz","reason":null}"""),
        new(MessageTypes.RefundResponse, InitialVersion, MessageDirection.Received, Payment,
            """{"requestId":"abc123xyz","success":true,"refundId":"rfd-abc123xyz","reason":null}"""),
        new(MessageTypes.ShipmentStarted, InitialVersion, MessageDirection.Received, "the shipping service",
            """{"requestId":"abc123xyz","shippedAt":"2026-11-22T10:00:00+00:00"}"""),
        new(MessageTypes.OrderLifecycle, OrderLifecycleEvent.CurrentVersion, MessageDirection.Sent, "any service that follows orders (inventory, notification, billing)",
            """
            {"id":"5118233514736981911","type":"order.created","timestamp":"2026-11-22T10:00:00.123+00:00","version":"1.0",
             "data":{"orderid":1,"userid":101,"totalamount":"6.97","currency":"USD","status":"pending","requestid":"abc123xyz",
             "items":[{"product_id":1,"quantity":2,"price":1.99},{"product_id":2,"quantity":1,"price":2.99}]}}
            """),
    ];

    private static readonly Dictionary<string, MessageContract> ByType = All.ToDictionary(c => c.Type, StringComparer.Ordinal);

    public static MessageContract For(WireMessage wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return ByType.TryGetValue(wire.Type, out var contract)
            ? contract
            : throw new InvalidOperationException($"Message type '{wire.Type}' is in the wire catalog but has no contract in {nameof(MessageContracts)}.");
    }
}
