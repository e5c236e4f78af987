using Orders.StateMachine.Reading;

namespace Orders.Api.Checkout;

/// <summary>One state the checkout entered, with the reason code it had then and when.</summary>
public sealed record TimelineEntryResponse(string State, string? ReasonCode, DateTimeOffset At)
{
    public static TimelineEntryResponse Of(TimelineSnapshot entry) => new(entry.State, entry.ReasonCode, entry.At);
}
