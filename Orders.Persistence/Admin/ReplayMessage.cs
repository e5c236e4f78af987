namespace Orders.Persistence.Admin;

/// <summary>A dead-lettered record as it is produced again: its original topic, key, value and headers.</summary>
public sealed record ReplayMessage(string Topic, string? Key, string Value, IReadOnlyList<KeyValuePair<string, string>> Headers);
