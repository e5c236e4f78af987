namespace Orders.Persistence.Admin;

/// <summary>How a replay ended; <see cref="DeadLetter"/> is the row as it is now (null when there is none).</summary>
public sealed record ReplayResult(ReplayStatus Status, DeadLetterView? DeadLetter, ReplayReceipt? Receipt, string? Reason)
{
    public static ReplayResult Replayed(DeadLetterView deadLetter, ReplayReceipt receipt) => new(ReplayStatus.Replayed, deadLetter, receipt, null);

    public static ReplayResult NotFound() => new(ReplayStatus.NotFound, null, null, null);

    public static ReplayResult AlreadyReplayed(DeadLetterView deadLetter) => new(ReplayStatus.AlreadyReplayed, deadLetter, null, null);

    public static ReplayResult Failed(string reason) => new(ReplayStatus.Failed, null, null, reason);

    public static ReplayResult Unavailable(string reason) => new(ReplayStatus.Unavailable, null, null, reason);
}

public enum ReplayStatus
{
    Replayed,
    NotFound,
    AlreadyReplayed,
    Failed,
    Unavailable,
}
