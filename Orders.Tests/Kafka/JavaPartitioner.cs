using System.Buffers.Binary;
using System.Text;

namespace Orders.Tests.Kafka;

/// <summary>
/// The partition the Java client's default partitioner gives a keyed record: murmur2 of the key's bytes (Kafka's
/// Utils.murmur2), made positive, modulo the partition count. Written here from the algorithm, independently of
/// librdkafka, so a test can tell whether OrderSaga's producers agree with other teams' clients.
/// </summary>
public static class JavaPartitioner
{
    public static int PartitionOf(string key, int partitions) =>
        (int)((Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % (uint)partitions);

    public static uint Murmur2(ReadOnlySpan<byte> data)
    {
        const uint seed = 0x9747b28c;
        const uint m = 0x5bd1e995;
        const int r = 24;

        var h = seed ^ (uint)data.Length;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = data[(blocks * 4)..];
        switch (tail.Length)
        {
            case 3:
                h ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                h ^= tail[0];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return h;
    }
}
