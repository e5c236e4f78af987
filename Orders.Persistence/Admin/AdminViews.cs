using System.Text.Json;
using Orders.StateMachine.Reading;

namespace Orders.Persistence.Admin;

/// <summary>A checkout in an admin listing: its state and why, its order and amount, and when it last moved.</summary>
public sealed record CheckoutView(
    string RequestId,
    long UserId,
    string State,
    string? ReasonCode,
    string? Reason,
    long? OrderId,
    decimal? TotalAmount,
    string? Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeadlineAt);

/// <summary>
/// One checkout with everything kept about it: its lines, every state it entered (oldest first), the messages
/// it published (outbox rows, oldest first) and the dead letters that name it (newest first).
/// </summary>
public sealed record CheckoutDetailsView(
    CheckoutView Checkout,
    IReadOnlyList<LineSnapshot> Items,
    IReadOnlyList<TimelineEntryView> Timeline,
    IReadOnlyList<OutboxMessageView> Messages,
    IReadOnlyList<DeadLetterView> DeadLetters);

/// <summary>A state the checkout entered; ids grow in the order the states were entered.</summary>
public sealed record TimelineEntryView(long Id, string State, string? ReasonCode, DateTimeOffset At);

/// <summary>A message the checkout published; <see cref="Delivered"/> turns true once the relay has sent it.</summary>
public sealed record OutboxMessageView(long Id, string MessageType, JsonElement Body, DateTimeOffset CreatedAt, bool Delivered);

/// <summary>
/// A record a topic endpoint could not process, where it came from, why it failed, and whether it was replayed.
/// <see cref="CheckoutState"/> is the state of the checkout it names, null when there is none.
/// </summary>
public sealed record DeadLetterView(
    long Id,
    string? RequestId,
    string? CheckoutState,
    string Topic,
    int Partition,
    long Offset,
    string? MessageType,
    string Error,
    string? Key,
    string Value,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset FailedAt,
    DateTimeOffset? ReplayedAt,
    string? ReplayedBy);

/// <summary>An order row as the admin listing shows it.</summary>
public sealed record OrderView(
    long OrderId,
    string RequestId,
    long UserId,
    string Status,
    decimal TotalAmount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>How many checkouts are in one state.</summary>
public sealed record StateCountView(string State, int Count);

/// <summary>Every state with its number of checkouts (states without any included, as 0), and their sum.</summary>
public sealed record StateCountsView(int Total, IReadOnlyList<StateCountView> States);

/// <summary>An entry of the admin audit log.</summary>
public sealed record AdminActionView(long Id, string Actor, string Action, string Target, string Outcome, DateTimeOffset At);
