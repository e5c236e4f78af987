using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Tests.Support;

/// <summary>
/// The API in process (WebApplicationFactory over Program) with its in-memory bus and simulators.
/// Tests share one host and keep apart by using fresh user ids and requestIds; a test that needs other
/// settings or services starts its own.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private static readonly Lazy<ApiHost> SharedHost = new(() => Start());

    // Without redirects the client sends request bodies as they are, streamed, instead of buffering them to replay.
    private static readonly WebApplicationFactoryClientOptions StreamingClient = new() { AllowAutoRedirect = false };

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private ApiHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _services = services;
    }

    /// <summary>The host most tests use: default settings, simulators on.</summary>
    public static ApiHost Shared => SharedHost.Value;

    /// <summary>A host of its own, with settings (configuration keys) and service replacements.</summary>
    public static ApiHost Start(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings ?? new Dictionary<string, string?>(), services);

    public static async Task DisposeSharedAsync()
    {
        if (SharedHost.IsValueCreated)
            await SharedHost.Value.DisposeAsync();
    }

    /// <summary>A caller with a user id no other test uses.</summary>
    public ApiCaller NewUser() => As(ApiIds.NextUserId());

    public ApiCaller As(long userId) => new(CreateClient(StreamingClient), userId, $"user{userId}@example.com");

    /// <summary>Sends a request exactly as built, headers included: for the requests that must be refused.</summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var client = CreateClient(StreamingClient);
        return await ApiCaller.ReadAsync(await client.SendAsync(request));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }
}
