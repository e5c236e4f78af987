namespace Orders.Api.Live;

/// <summary>Settings of the checkout event streams, bound from the "LiveStatus" configuration section.</summary>
public sealed class LiveStatusOptions
{
    public const string Section = "LiveStatus";

    /// <summary>
    /// How often an open stream looks in the database for the checkout's new timeline entries while the database's
    /// notifications do not arrive (the service's listening connection is down). Otherwise a stream is woken by them.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often an open stream looks anyway while notifications arrive: a safety net, not the way it learns of changes.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Streams this instance keeps open at once; one more is refused with 503 (reason too_many_streams) and Retry-After.</summary>
    public int MaxStreams { get; set; } = 1000;

    /// <summary>How long a stream may stay silent before it sends a ": keep-alive" comment, so proxies keep it open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
