namespace Orders.Persistence.Outbox;

/// <summary>A relay that is alive (it renews <see cref="SeenUntil"/>): the relays alive share the outbox shards between them.</summary>
public sealed class OutboxRelayRecord
{
    public string Relay { get; set; } = "";

    public DateTimeOffset SeenUntil { get; set; }
}
