using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orders.Contracts;

namespace Orders.StateMachine.Checkout;

/// <summary>Builds the orders-topic envelope for a checkout's order.</summary>
public static class LifecycleEvents
{
    public static OrderLifecycleEvent Create(OrderState saga, string type, DateTimeOffset now) => new()
    {
        Id = EventId(saga.RequestId, type),
        Type = type,
        Timestamp = now,
        Data = new OrderEventData
        {
            OrderId = saga.OrderId ?? throw new InvalidOperationException($"Checkout {saga.RequestId} has no order yet"),
            UserId = saga.UserId,
            RequestId = saga.RequestId,
            TotalAmount = Money.Format(saga.TotalAmount ?? 0m),
            Currency = saga.Currency ?? "",
            Status = StatusOf(type),
            Reason = type is OrderEventTypes.Created or OrderEventTypes.Paid ? null : saga.ReasonCode,
            Items = saga.Lines.Select(l => new OrderEventItem
            {
                ProductId = l.ProductId,
                Quantity = l.Quantity,
                Price = l.UnitPrice ?? 0m,
            }).ToList(),
        },
    };

    /// <summary>
    /// The order's status in the envelope: a new order is "pending" (the value existing consumers of
    /// order.created read); later events name the status they report ("paid", "cancelled", ...).
    /// </summary>
    public static string StatusOf(string type) => type is OrderEventTypes.Created ? "pending" : type["order.".Length..];

    /// <summary>
    /// A numeric id fixed by checkout and event type: a redelivered event keeps its id, so consumers
    /// can deduplicate on it.
    /// </summary>
    private static string EventId(string requestId, string type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{requestId}|{type}"));
        return (BitConverter.ToUInt64(hash, 0) & long.MaxValue).ToString(CultureInfo.InvariantCulture);
    }
}
