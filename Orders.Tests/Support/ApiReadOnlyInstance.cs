using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orders.Api.Extensions;
using Orders.Kafka.Configuration;

namespace Orders.Tests.Support;

/// <summary>
/// A second API instance on the database of an <see cref="ApiHost"/>, as a scaled-out deployment runs them, that
/// answers HTTP only: its own hosted services (bus, outbox relay, deadline sweeper, simulators...) are removed,
/// so it never handles a message and knows of a checkout only what the shared database holds. It takes the first
/// host's connection strings and Kafka settings; it neither migrates nor drops the database, which the first host owns.
/// </summary>
public sealed class ApiReadOnlyInstance : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private ApiReadOnlyInstance(Dictionary<string, string?> settings) => _settings = settings;

    public static ApiReadOnlyInstance On(ApiHost host, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var shared = configuration.GetSection("ConnectionStrings").AsEnumerable()
            .Concat(configuration.GetSection("Kafka").AsEnumerable())
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key, s => s.Value);
        // The first host's broker, also when it is the embedded one inside that host.
        shared["Kafka:BootstrapServers"] = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.BootstrapServers;
        shared["Kafka:Simulators:Enabled"] = "false";
        shared[StorageExtensions.MigrateOnStartKey] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            shared[key] = value;
        return new ApiReadOnlyInstance(shared);
    }

    public ApiCaller As(ApiCaller user) => new(CreateClient(), user.UserId, user.Email);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            // The web server itself is a hosted service of ASP.NET Core's; everything else goes.
            var background = services.Where(d => d.ServiceType == typeof(IHostedService) && !IsFramework(ImplementationOf(d))).ToList();
            foreach (var descriptor in background)
                services.Remove(descriptor);
        });
    }

    private static Type? ImplementationOf(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType
        ?? descriptor.ImplementationInstance?.GetType()
        ?? descriptor.ImplementationFactory?.GetType().GenericTypeArguments.LastOrDefault();

    private static bool IsFramework(Type? type) => type?.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) == true;
}
