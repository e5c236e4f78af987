namespace Orders.Persistence.Reading;

/// <summary>One row of <c>checkout_timeline</c> as a stream sends it: its id is the SSE event id.</summary>
public sealed record TimelineEvent(long Id, string State, string? ReasonCode, DateTimeOffset At);

/// <summary>What a stream needs to start: the checkout's owner, its current state, and its entries after the resume point.</summary>
public sealed record TimelineWatch(long UserId, string State, IReadOnlyList<TimelineEvent> Entries);
