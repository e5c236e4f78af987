namespace Orders.Persistence.Admin;

/// <summary>Which checkouts to list; every criterion left null matches all. Bounds of a time range are inclusive.</summary>
public sealed record CheckoutFilter(
    string? State = null,
    long? UserId = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedTo = null);

/// <summary>Which orders to list; every criterion left null matches all. Bounds of a time range are inclusive.</summary>
public sealed record OrderFilter(
    string? Status = null,
    long? UserId = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);

/// <summary>Which dead letters to list; every criterion left null matches all.</summary>
public sealed record DeadLetterFilter(string? RequestId = null, string? Topic = null, bool? Replayed = null);
