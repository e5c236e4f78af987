using System.Security.Cryptography;
using System.Text;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// Maps a client's requestId to the saga's correlation id: a name-based (version 5) UUID, so every
/// message that carries the requestId, from any producer in any language, finds the same saga.
/// </summary>
public static class CheckoutId
{
    private static readonly byte[] Namespace = new Guid("4f1c2a56-8e0b-4c7e-9a53-0d2f6b7e9c41").ToByteArray(bigEndian: true);

    public static Guid For(string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var name = Encoding.UTF8.GetBytes(requestId);
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);

#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 ids; it is not used for security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
