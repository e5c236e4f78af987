using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

/// <summary>A test's own database with the order service's schema, migrated the way a deployment does it.</summary>
public sealed class OrdersTestDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private readonly ServiceProvider _services;

    private OrdersTestDatabase(PostgresTestDatabase database, ServiceProvider services)
    {
        _database = database;
        _services = services;
    }

    public string ConnectionString => _database.ConnectionString;

    public static async Task<OrdersTestDatabase> CreateAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var services = new ServiceCollection().AddOrderPersistence(Configuration(database.ConnectionString)).BuildServiceProvider(true);
        await OrdersDatabase.MigrateAsync(services, CancellationToken.None);
        return new OrdersTestDatabase(database, services);
    }

    /// <summary>The settings a host of the saga reads: this database, and the deadlines of the flow tests.</summary>
    public static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{OrderPersistenceRegistration.ConnectionStringName}"] = connectionString,
            ["Checkout:PricingTimeout"] = SagaHost.PricingTimeout.ToString(),
            ["Checkout:PaymentTimeout"] = SagaHost.PaymentTimeout.ToString(),
        }).Build();

    /// <summary>A DbContext on this database, for arranging rows and checking what the saga wrote.</summary>
    public OrdersDbContext CreateDbContext() => _services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContext();

    public T GetRequiredService<T>() where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
