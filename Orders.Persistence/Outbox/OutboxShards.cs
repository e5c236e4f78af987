using System.Text;

namespace Orders.Persistence.Outbox;

/// <summary>
/// The outbox is split by checkout into <see cref="Count"/> shards, each delivered in order by one relay at a time.
/// All rows of one checkout are in one shard (a hash of its requestId), so its messages leave in the order they
/// were written, while different shards move on independently and can be relayed by different instances.
/// </summary>
public static class OutboxShards
{
    /// <summary>
    /// Fixed by the migration that created the shards: changing it would move checkouts to other shards while
    /// their earlier rows still wait in the old ones.
    /// </summary>
    public const int Count = 16;

    /// <summary>The shard of a checkout: FNV-1a over the requestId's UTF-8 bytes, modulo <see cref="Count"/>.</summary>
    public static short Of(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(requestId) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(requestId, buffer)] : Encoding.UTF8.GetBytes(requestId);
        var hash = 2166136261u;
        foreach (var b in bytes)
            hash = (hash ^ b) * 16777619u;
        return (short)(hash % Count);
    }
}
