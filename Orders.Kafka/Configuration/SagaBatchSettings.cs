namespace Orders.Kafka.Configuration;

/// <summary>
/// How many of a partition's waiting records the saga endpoint takes through the saga in one transaction
/// (Kafka:SagaBatch:*). A batch is what is waiting when the partition's worker is free: under load it fills up,
/// when idle it is one record and costs no wait.
/// </summary>
public sealed class SagaBatchSettings
{
    public const int Largest = 1_000;

    /// <summary>The most records in one batch (1 applies every record alone, as before batching).</summary>
    public int MaxRecords { get; set; } = 64;

    /// <summary>
    /// How long a worker may wait for more records once it has some, to fill a batch (0, the default: it never
    /// waits, and a batch is only what has already arrived). Each record's latency grows by up to this much.
    /// </summary>
    public TimeSpan Wait { get; set; } = TimeSpan.Zero;
}
