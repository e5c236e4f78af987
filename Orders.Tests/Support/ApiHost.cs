using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Extensions;
using Orders.Persistence;

namespace Orders.Tests.Support;

/// <summary>
/// The API in process (WebApplicationFactory over Program) with an embedded Kafka broker of its own and the
/// Product and Payment simulators on it, on a PostgreSQL database of its own that the application migrates as
/// it starts and that is dropped when the host is disposed. Tests share one host and keep apart by using fresh
/// user ids and requestIds; a test that needs other settings or services starts its own.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private static ApiHost? _shared;

    // Without redirects the client sends request bodies as they are, streamed, instead of buffering them to replay.
    private static readonly WebApplicationFactoryClientOptions StreamingClient = new() { AllowAutoRedirect = false };

    private readonly PostgresTestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private ApiHost(PostgresTestDatabase database, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _database = database;
        _settings = settings;
        _services = services;
    }

    /// <summary>The host most tests use: default settings, simulators on. <see cref="StartSharedAsync"/> starts it.</summary>
    public static ApiHost Shared => _shared ?? throw new InvalidOperationException("The shared API host is started by ApiSetup before the API tests run");

    /// <summary>A host of its own on a new database, with settings (configuration keys) and service replacements.</summary>
    public static async Task<ApiHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(await PostgresServer.CreateDatabaseAsync(), settings ?? new Dictionary<string, string?>(), services);

    public static async Task StartSharedAsync() => _shared ??= await StartAsync();

    public static async Task DisposeSharedAsync()
    {
        if (Interlocked.Exchange(ref _shared, null) is { } shared)
            await shared.DisposeAsync();
    }

    /// <summary>The connection string of the host's own database (settings may point the host at another).</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>A caller with a user id no other test uses.</summary>
    public ApiCaller NewUser() => As(ApiIds.NextUserId());

    public ApiCaller As(long userId) => new(CreateClient(StreamingClient), userId, $"user{userId}@example.com");

    /// <summary>Sends a request exactly as built, headers included: for the requests that must be refused.</summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var client = CreateClient(StreamingClient);
        return await ApiCaller.ReadAsync(await client.SendAsync(request));
    }

    /// <summary>A DbContext on the host's database, for checking what the service wrote.</summary>
    public OrdersDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContext();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting(OrdersConnectionString.Key, _database.ConnectionString);
        builder.UseSetting(StorageExtensions.MigrateOnStartKey, "true");
        // A broker of its own in the host's process, with the Product and Payment simulators on it.
        builder.UseSetting("Kafka:Embedded", "true");
        builder.UseSetting("Kafka:Simulators:Enabled", "true");
        // Quick to notice a member that left, to reconnect after an outage, and to hand over new records.
        builder.UseSetting("Kafka:Client:session.timeout.ms", ServiceBroker.SessionTimeoutMs);
        builder.UseSetting("Kafka:Client:heartbeat.interval.ms", "1000");
        builder.UseSetting("Kafka:Client:reconnect.backoff.max.ms", "500");
        builder.UseSetting("Kafka:Client:fetch.wait.max.ms", "100");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }
}
