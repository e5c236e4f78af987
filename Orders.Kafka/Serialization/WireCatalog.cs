using Orders.Contracts;
using Orders.Contracts.Topics;

namespace Orders.Kafka.Serialization;

/// <summary>Every message OrderSaga reads or writes on Kafka: type name, contract and topic, in one place.</summary>
public static class WireCatalog
{
    public static IReadOnlyList<WireMessage> All { get; } =
    [
        WireMessage.Of<ProductRequestEvent>(MessageTypes.ProductRequest, t => t.ProductRequests, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<ProductResponseEvent>(MessageTypes.ProductResponse, t => t.ProductResponses, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<PaymentRequestEvent>(MessageTypes.PaymentRequest, t => t.PaymentRequests, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<RefundRequestEvent>(MessageTypes.RefundRequest, t => t.PaymentRequests, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<PaymentResponseEvent>(MessageTypes.PaymentResponse, t => t.PaymentResponses, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<RefundResponseEvent>(MessageTypes.RefundResponse, t => t.PaymentResponses, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<ShipmentStartedEvent>(MessageTypes.ShipmentStarted, t => t.Shipments, m => m.RequestId, WireRules.ProblemWith),
        WireMessage.Of<OrderLifecycleEvent>(MessageTypes.OrderLifecycle, t => t.Orders, m => m.Data.RequestId, WireRules.ProblemWith),
    ];

    private static readonly Dictionary<string, WireMessage> ByType = All.ToDictionary(m => m.Type, StringComparer.Ordinal);
    private static readonly Dictionary<Type, WireMessage> ByContract = All.ToDictionary(m => m.Contract);

    public static WireMessage? FindType(string type) => ByType.GetValueOrDefault(type);

    public static WireMessage ForContract(Type contract) =>
        ByContract.TryGetValue(contract, out var message)
            ? message
            : throw new ArgumentException($"{contract.FullName} is not a message OrderSaga sends on Kafka.", nameof(contract));
}
