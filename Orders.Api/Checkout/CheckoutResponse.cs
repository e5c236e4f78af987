using Orders.StateMachine.Reading;

namespace Orders.Api.Checkout;

/// <summary>A checkout as a poll sees it; the timeline lists the states it entered, oldest first.</summary>
public sealed record CheckoutResponse(
    string RequestId,
    string State,
    string? ReasonCode,
    string? Reason,
    long? OrderId,
    IReadOnlyList<CheckoutItemResponse> Items,
    decimal? TotalAmount,
    string? Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TimelineEntryResponse> Timeline)
{
    public static CheckoutResponse Of(CheckoutSnapshot checkout) => new(
        checkout.RequestId,
        checkout.State,
        checkout.ReasonCode,
        checkout.Reason,
        checkout.OrderId,
        checkout.Items.Select(CheckoutItemResponse.Of).ToList(),
        checkout.TotalAmount,
        checkout.Currency,
        checkout.CreatedAt,
        checkout.UpdatedAt,
        checkout.Timeline.Select(TimelineEntryResponse.Of).ToList());
}
