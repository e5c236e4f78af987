namespace Orders.Api.Live;

/// <summary>Settings of the checkout event streams, bound from the "LiveStatus" configuration section.</summary>
public sealed class LiveStatusOptions
{
    public const string Section = "LiveStatus";

    /// <summary>How often an open stream looks in the database for the checkout's new timeline entries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a stream may stay silent before it sends a ": keep-alive" comment, so proxies keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
