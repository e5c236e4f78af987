namespace Orders.Contracts.Topics;

/// <summary>
/// The values of the <see cref="MessageHeaders.MessageType"/> header, one per message, lower case
/// and compared exactly.
/// </summary>
/// <remarks>
/// A topic that carries one message type needs no header: a record without one is read as that
/// type. A topic that carries several (payment-requests, payment-responses) needs it on every
/// record. A record whose header names an unknown type, a type its topic does not carry, or that
/// lacks the header where it is required cannot be processed: it is poison. OrderSaga always sets
/// the header, and keys every record by its requestId.
/// </remarks>
public static class MessageTypes
{
    public const string ProductRequest = "product.request";
    public const string ProductResponse = "product.response";
    public const string PaymentRequest = "payment.request";
    public const string PaymentResponse = "payment.response";
    public const string RefundRequest = "refund.request";
    public const string RefundResponse = "refund.response";
    public const string ShipmentStarted = "shipment.started";
    public const string OrderLifecycle = "order.lifecycle";
}
