using Microsoft.Extensions.Configuration;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Embedded;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>
/// The host most admin tests share: the API with its simulators, the admin key set, and dead letters replayed
/// through an embedded Kafka broker. Tests keep apart by fresh user ids, requestIds and topics.
/// </summary>
[SetUpFixture]
public sealed class AdminSetup
{
    public const string Key = "admin-key-for-tests-0123456789";

    private static ApiHost? _host;
    private static EmbeddedKafkaBroker? _broker;

    public static ApiHost Host => _host ?? throw new InvalidOperationException("AdminSetup starts the admin host before the admin tests run");

    public static EmbeddedKafkaBroker Broker => _broker ?? throw new InvalidOperationException("AdminSetup starts the broker before the admin tests run");

    /// <summary>The admin API with the right key, acting as <paramref name="name"/> (no X-Admin-Name when null).</summary>
    public static AdminCaller Admin(string? name = null) => AdminCaller.Of(Host, Key, name);

    public static Dictionary<string, string?> WithKey(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Admin:Key"] = Key;
        return settings;
    }

    /// <summary>A host that replays dead letters to the Kafka brokers named (Kafka:* settings given as configuration).</summary>
    public static Task<ApiHost> StartWithKafkaAsync(Dictionary<string, string?> kafka, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(kafka).Build();
        return ApiHost.StartAsync(WithKey(settings), services => services.AddKafkaDeadLetterReplay(configuration));
    }

    [OneTimeSetUp]
    public async Task Start_the_admin_host_and_a_broker()
    {
        _broker = EmbeddedKafkaBroker.Start();
        _host = await StartWithKafkaAsync(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = _broker.BootstrapServers });
    }

    [OneTimeTearDown]
    public async Task Stop_them()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
            await host.DisposeAsync();
        Interlocked.Exchange(ref _broker, null)?.Dispose();
    }
}
