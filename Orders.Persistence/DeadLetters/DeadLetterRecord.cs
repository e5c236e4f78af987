namespace Orders.Persistence.DeadLetters;

/// <summary>
/// A record a topic endpoint could never process, kept beside its copy on the dead-letter topic so an operator
/// can find it by checkout, read why it failed, and replay it once. Unique per (topic, partition, offset): a
/// record dead-lettered again after a restart is the same row.
/// </summary>
public sealed class DeadLetterRecord
{
    public long Id { get; set; }

    /// <summary>The checkout it names, when its key or body carried a requestId.</summary>
    public string? RequestId { get; set; }

    public string Topic { get; set; } = "";
    public int Partition { get; set; }
    public long Offset { get; set; }

    /// <summary>The message type header it carried, if any.</summary>
    public string? MessageType { get; set; }

    /// <summary>Why it could not be processed, in one line.</summary>
    public string Error { get; set; } = "";

    public string? Key { get; set; }

    /// <summary>The record's value as it arrived (UTF-8; invalid bytes replaced).</summary>
    public string Value { get; set; } = "";

    /// <summary>The record's headers as a JSON object of strings.</summary>
    public string Headers { get; set; } = "{}";

    public DateTimeOffset FailedAt { get; set; }

    /// <summary>When it was sent back to its topic; a dead letter is replayed at most once.</summary>
    public DateTimeOffset? ReplayedAt { get; set; }

    /// <summary>Who replayed it (the admin caller's name).</summary>
    public string? ReplayedBy { get; set; }
}
