namespace Orders.Persistence.Admin;

/// <summary>
/// The checkout flow as the dashboard draws it: the laid-out graph of OrderStateMachine with, for each state, the
/// checkouts in it now and how many of those wait longer than the stuck threshold, and for each transition how
/// many checkouts made it in the window [From, To).
/// </summary>
public sealed record FlowView(
    string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    int StuckAfterMinutes,
    int Width,
    int Height,
    IReadOnlyList<FlowStateView> States,
    IReadOnlyList<FlowTransitionView> Transitions);

/// <summary>
/// A state with its box on the picture; <see cref="Stuck"/> counts its checkouts waiting past the threshold, and
/// <see cref="Waiting"/> says whether a checkout in it waits for another service (the others rest until someone acts).
/// </summary>
public sealed record FlowStateView(string State, int Count, int Stuck, int X, int Y, int Width, int Height, bool IsStart, bool IsEnd, bool OnMainPath, bool Waiting);

/// <summary>A transition, its events, its drawing (SVG path data and label centre), and how often it happened in the window.</summary>
public sealed record FlowTransitionView(string From, string To, IReadOnlyList<string> Events, string Label, string Path, int LabelX, int LabelY, int Count);

/// <summary>
/// What became of the checkouts that started in [From, To): how many were priced, paid and shipped, where the
/// others are now, and how long each step of the main path took (median and 95th percentile).
/// </summary>
public sealed record FunnelView(
    DateTimeOffset From,
    DateTimeOffset To,
    int Started,
    int Priced,
    int Paid,
    int Shipped,
    IReadOnlyList<FunnelCountView> Now,
    IReadOnlyList<FunnelCountView> RejectedByReasonCode,
    IReadOnlyList<FunnelCountView> PaymentFailedByReason,
    IReadOnlyList<FunnelCountView> TimedOutAtStep,
    FunnelCancelledView Cancelled,
    IReadOnlyList<FunnelStepView> Steps);

/// <summary>A number of checkouts under a key (a state, a reason code, a reason, a step).</summary>
public sealed record FunnelCountView(string Key, int Count);

/// <summary>Checkouts that ended Cancelled, split by whether money was taken first (it was refunded).</summary>
public sealed record FunnelCancelledView(int BeforePayment, int AfterPayment);

/// <summary>The time from entering <see cref="From"/> to entering <see cref="To"/>, over the checkouts that did it.</summary>
public sealed record FunnelStepView(string From, string To, int Count, double? MedianSeconds, double? P95Seconds);
