namespace Orders.Persistence.Notifications;

/// <summary>A part of the service woken by a PostgreSQL NOTIFY channel (registered in DI, read by <see cref="PostgresNotifications"/>).</summary>
public interface IPostgresNotificationHandler
{
    string Channel { get; }

    /// <summary>A notification's payload, or null when notifications were not being received and anything may have changed.</summary>
    void OnNotified(string? payload);
}
