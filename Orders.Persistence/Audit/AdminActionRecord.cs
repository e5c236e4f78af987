namespace Orders.Persistence.Audit;

/// <summary>One action an operator took through the admin API: who, what, on which checkout or dead letter, and when.</summary>
public sealed class AdminActionRecord
{
    public long Id { get; set; }

    /// <summary>Who acted, as the admin caller named themselves (or "admin").</summary>
    public string Actor { get; set; } = "";

    /// <summary>What was done, e.g. <c>cancel-order</c> or <c>replay-dead-letter</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What it was done to: a requestId, or a dead letter's id.</summary>
    public string Target { get; set; } = "";

    /// <summary>How it ended, in a few words (accepted, refused: reason, ...).</summary>
    public string Outcome { get; set; } = "";

    public DateTimeOffset At { get; set; }
}
