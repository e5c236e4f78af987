using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace Orders.Kafka.DeadLetters;

/// <summary>
/// What one record is, apart from where it sits: its timestamp, key, value and headers, hashed. A record redelivered
/// after a crash hashes the same; another record at a reused offset differs at least in its timestamp.
/// </summary>
public static class DeadLetterContentHash
{
    public static string Of(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, message.Timestamp.UnixTimestampMs);
        hash.AppendData(number);
        AppendField(hash, message.Key is null ? null : Encoding.UTF8.GetBytes(message.Key));
        AppendField(hash, message.Value);
        foreach (var header in message.Headers ?? [])
        {
            AppendField(hash, Encoding.UTF8.GetBytes(header.Key));
            AppendField(hash, header.GetValueBytes());
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Length-prefixed (-1 for null), so no two different field lists hash the same bytes.</summary>
    private static void AppendField(IncrementalHash hash, byte[]? bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
        hash.AppendData(length);
        if (bytes is not null)
            hash.AppendData(bytes);
    }
}
