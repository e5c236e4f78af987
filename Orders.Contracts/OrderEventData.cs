using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>The data part of an order lifecycle event. The total travels as a string ("13.48"), as existing consumers expect.</summary>
public sealed record OrderEventData
{
    [JsonPropertyName("orderid")] public required long OrderId { get; init; }
    [JsonPropertyName("userid")] public required long UserId { get; init; }
    [JsonPropertyName("totalamount")] public required string TotalAmount { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("requestid")] public required string RequestId { get; init; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonPropertyName("items")] public required IReadOnlyList<OrderEventItem> Items { get; init; }
}
