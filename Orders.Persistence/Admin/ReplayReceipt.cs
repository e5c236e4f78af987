namespace Orders.Persistence.Admin;

/// <summary>Where a replayed record was written.</summary>
public sealed record ReplayReceipt(string Topic, int Partition, long Offset);
