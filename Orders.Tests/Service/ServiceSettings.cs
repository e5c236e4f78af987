using Orders.StateMachine.Persistence;

namespace Orders.Tests.Service;

/// <summary>The environment a test gives the service's process, named as an operator would set it.</summary>
public static class ServiceSettings
{
    public static readonly string ConnectionString = OrdersConnectionString.Key.Replace(":", "__", StringComparison.Ordinal);
    public const string MigrateOnStart = "Database__MigrateOnStart";

    /// <summary>The service on the database, migrating it as it starts, with the simulators answering.</summary>
    public static Dictionary<string, string?> For(string connectionString) => new()
    {
        [ConnectionString] = connectionString,
        [MigrateOnStart] = "true",
        ["Simulators__Enabled"] = "true",
    };
}
