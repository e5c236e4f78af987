using System.Security.Cryptography;
using System.Text;

namespace Orders.Api.Admin;

/// <summary>
/// The admin credential, Admin:Key. Only its SHA-256 is kept; a presented key is hashed the same way and the two
/// equal-length hashes are compared in constant time, so neither the key's content nor its length leaks by timing.
/// </summary>
public sealed class AdminKey
{
    public const string Setting = "Admin:Key";
    public const string Header = "X-Admin-Key";

    /// <summary>Shorter keys work, with a warning at start: they are guessable.</summary>
    public const int RecommendedLength = 16;

    private readonly byte[] _hash;

    private AdminKey(string key)
    {
        _hash = Hash(key);
        Length = key.Length;
    }

    public int Length { get; }

    /// <summary>The configured key, or null when none is set (admin is off).</summary>
    public static AdminKey? From(IConfiguration configuration)
    {
        var key = configuration[Setting];
        return string.IsNullOrWhiteSpace(key) ? null : new AdminKey(key);
    }

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
