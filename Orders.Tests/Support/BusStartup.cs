using MassTransit;

namespace Orders.Tests.Support;

/// <summary>
/// Waits for the bus to run. A hosted service registered before <c>AddMassTransit</c> starts before the bus does,
/// and what it publishes then is dropped without an error (the transport has nowhere to put it yet).
/// </summary>
public static class BusStartup
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Returns once the bus has started, as its health says: healthy, or degraded (running, with an endpoint not
    /// ready yet, which must not hold back publishing). MassTransit's <c>WaitForHealthStatus</c> waits for one
    /// exact status, so it would wait forever on a bus that stays degraded.
    /// </summary>
    public static async Task WhenStartedAsync(this IBusControl bus, CancellationToken cancellationToken)
    {
        while (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
    }
}
