using System.Globalization;

namespace Orders.Api.Configuration;

/// <summary>A Kafka bootstrap list: host:port entries (an optional protocol:// before each), separated by commas.</summary>
public static class BootstrapServers
{
    /// <summary>Whether every entry is host:port with a port from 1 to 65535; else <paramref name="bad"/> is the first that is not.</summary>
    public static bool IsValid(string servers, out string? bad)
    {
        ArgumentNullException.ThrowIfNull(servers);
        foreach (var raw in servers.Split(','))
        {
            var entry = raw.Trim();
            var address = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = address.LastIndexOf(':');
            var host = colon > 0 ? address[..colon].Trim('[', ']') : "";
            if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal)
                || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                bad = entry;
                return false;
            }
        }
        bad = null;
        return true;
    }
}
