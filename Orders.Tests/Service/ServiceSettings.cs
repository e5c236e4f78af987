using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

/// <summary>The environment a test gives the service's process, named as an operator would set it.</summary>
public static class ServiceSettings
{
    public static readonly string ConnectionString = OrdersConnectionString.Key.Replace(":", "__", StringComparison.Ordinal);
    public const string MigrateOnStart = "Database__MigrateOnStart";

    /// <summary>The service on the database and broker, migrating the database as it starts, with the simulators answering.</summary>
    public static Dictionary<string, string?> For(string connectionString, ServiceBroker broker) => new()
    {
        [ConnectionString] = connectionString,
        [MigrateOnStart] = "true",
        ["Kafka__BootstrapServers"] = broker.BootstrapServers,
        ["Kafka__Simulators__Enabled"] = "true",
        ["Kafka__Client__session.timeout.ms"] = ServiceBroker.SessionTimeoutMs,
    };
}
