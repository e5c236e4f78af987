namespace Orders.Api.Diagnostics;

/// <summary>The share of the shared work this instance holds now.</summary>
/// <param name="Instance">This instance's name among the outbox relays (host/process/random).</param>
/// <param name="Partitions">The saga topics' partitions its consumer reads, as <c>topic[partition]</c>.</param>
/// <param name="OutboxShards">The outbox shards its relay delivers.</param>
/// <param name="Relays">The relays alive at its last lease renewal, itself included.</param>
public sealed record WorkDiagnosticsResponse(string Instance, IReadOnlyList<string> Partitions, IReadOnlyList<short> OutboxShards, int Relays);
