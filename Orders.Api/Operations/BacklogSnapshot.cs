namespace Orders.Api.Operations;

/// <summary>What the database held at one count: messages still to deliver, dead letters, checkouts stuck waiting.</summary>
public sealed record BacklogSnapshot(long OutboxBacklog, long DeadLetters, long StuckCheckouts, DateTimeOffset CountedAt);
