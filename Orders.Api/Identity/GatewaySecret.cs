using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Orders.Api.Identity;

/// <summary>
/// Checks the secret a request presents against the configured one in constant time. Both are hashed first, so
/// the comparison always covers 32 bytes and the time it takes reveals neither the secret's content nor its length.
/// </summary>
public sealed class GatewaySecret
{
    private readonly byte[] _digest;

    private GatewaySecret(byte[] digest) => _digest = digest;

    /// <summary>The configured secret, or null when none is (the check is off).</summary>
    public static GatewaySecret? From(GatewayTrustOptions options) =>
        options.IsEnabled ? new GatewaySecret(SHA256.HashData(Encoding.UTF8.GetBytes(options.Secret!))) : null;

    /// <summary>Whether the request carries exactly one value of the header and it is the secret.</summary>
    public bool Matches(StringValues presented)
    {
        if (presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
            return false;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
