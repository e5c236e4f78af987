using Orders.Persistence.Notifications;

namespace Orders.Persistence.Outbox;

/// <summary>Wakes this instance's relay when another instance committed outbox rows (see <see cref="OutboxPeerNotifier"/>).</summary>
public sealed class OutboxWakeups(OutboxSignal signal) : IPostgresNotificationHandler
{
    public string Channel => NotificationChannels.Outbox;

    public void OnNotified(string? payload) => signal.Wake();
}
