using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The data part of an order lifecycle event. The total travels as a string ("13.48"), as existing consumers expect.</summary>
public sealed record OrderEventData
{
    [Description("The order's number.")]
    [JsonPropertyName("orderid")] public required long OrderId { get; init; }
    [Description("The user who placed it.")]
    [JsonPropertyName("userid")] public required long UserId { get; init; }
    [Description("The order's total as a decimal string with two decimals (\"13.48\"), as existing consumers read it.")]
    [JsonPropertyName("totalamount")] public required string TotalAmount { get; init; }
    [Description("A three-letter ISO 4217 code.")]
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [Description("pending on order.created, else the event's own name (paid, payment_failed, ...).")]
    [JsonPropertyName("status")] public required string Status { get; init; }
    [Description("The checkout's id; also the record key.")]
    [JsonPropertyName("requestid")] public required string RequestId { get; init; }

    [Description("On unhappy turns, a reason code such as PAYMENT_DECLINED or CANCELLED_BY_USER.")]
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [Description("The order's lines.")]
    [JsonPropertyName("items")] public required IReadOnlyList<OrderEventItem> Items { get; init; }
}
