using Microsoft.Extensions.DependencyInjection;
using Orders.KafkaBroker.Embedded;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>
/// The host most admin tests share: the API with its simulators, the admin key set, and dead letters replayed
/// through the host's own embedded Kafka broker. Tests keep apart by fresh user ids, requestIds and topics.
/// </summary>
[SetUpFixture]
public sealed class AdminSetup
{
    public const string Key = "admin-key-for-tests-0123456789";

    private static ApiHost? _host;

    public static ApiHost Host => _host ?? throw new InvalidOperationException("AdminSetup starts the admin host before the admin tests run");

    /// <summary>The shared host's own embedded broker, where its replays go.</summary>
    public static EmbeddedKafkaBroker Broker => Host.Services.GetRequiredService<InProcessKafkaBroker>().Broker;

    /// <summary>The admin API with the right key, acting as <paramref name="name"/> (no X-Admin-Name when null).</summary>
    public static AdminCaller Admin(string? name = null) => AdminCaller.Of(Host, Key, name);

    public static Dictionary<string, string?> WithKey(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Admin:Key"] = Key;
        return settings;
    }

    /// <summary>A host on the Kafka brokers named (Kafka:* settings), where it also replays dead letters.</summary>
    public static Task<ApiHost> StartWithKafkaAsync(Dictionary<string, string?> kafka, Dictionary<string, string?>? settings = null)
    {
        var all = WithKey(settings);
        foreach (var (key, value) in kafka)
            all[key] = value;
        return ApiHost.StartAsync(all);
    }

    [OneTimeSetUp]
    public async Task Start_the_admin_host() => _host = await ApiHost.StartAsync(WithKey());

    [OneTimeTearDown]
    public async Task Stop_them()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
            await host.DisposeAsync();
    }
}
