using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Orders.Contracts;

/// <summary>Asks the Product service to price and validate a checkout's items (topic product-requests).</summary>
[Description("Asks the Product service to price and validate a checkout's items.")]
public sealed record ProductRequestEvent
{
    [Description("The checkout's id, chosen by the client; also the record key. Answer with the same value.")]
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [Description("The user who checks out.")]
    [JsonPropertyName("userId")] public required long UserId { get; init; }
    [Description("The user's e-mail address.")]
    [JsonPropertyName("email")] public required string Email { get; init; }
    [Description("The products and quantities asked for, in the client's order.")]
    [JsonPropertyName("items")] public required IReadOnlyList<CheckoutLine> Items { get; init; }
}
