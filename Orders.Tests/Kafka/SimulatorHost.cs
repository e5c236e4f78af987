using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Configuration;
using Orders.Simulators.Kafka;

namespace Orders.Tests.Kafka;

/// <summary>
/// The Kafka simulators in a host of their own, registered as an application would
/// (<see cref="KafkaSimulatorRegistration.AddKafkaSimulators"/>), on a test bed's broker with
/// topics and consumer groups no other test uses. Disposing it stops the host.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly IHost _host;
    private bool _stopped;

    private SimulatorHost(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
        Options = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
    }

    public KafkaOptions Options { get; }
    public KafkaTopics Topics => Options.Topics;
    public CapturedLogs Logs { get; }

    /// <summary>Creates the topics (one partition each, so records are answered in produce order) and starts the host.</summary>
    public static async Task<SimulatorHost> StartAsync(KafkaTestBed bed)
    {
        ArgumentNullException.ThrowIfNull(bed);
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bed.Broker.BootstrapServers,
            ["Kafka:Simulators:Enabled"] = "true",
            ["Kafka:Simulators:ProductGroupId"] = KafkaTestBed.UniqueName("product-simulator"),
            ["Kafka:Simulators:PaymentGroupId"] = KafkaTestBed.UniqueName("payment-simulator"),
            // See KafkaTestBed.Consumer: the mock coordinator's rebalance delay follows the session timeout.
            ["Kafka:Client:session.timeout.ms"] = "6000",
            ["Kafka:Client:heartbeat.interval.ms"] = "1000",
            ["Kafka:Client:reconnect.backoff.max.ms"] = "500",
            ["Kafka:Client:fetch.wait.max.ms"] = "100",
        };
        foreach (var (setting, topic) in new KafkaTopics().BySetting())
        {
            var unique = KafkaTestBed.UniqueName(topic);
            bed.Broker.CreateTopic(unique, partitions: 1);
            settings[$"Kafka:Topics:{setting}"] = unique;
        }

        var logs = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.Services.AddKafkaSimulators(builder.Configuration);

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new SimulatorHost(host, logs);
    }

    /// <summary>A consumer in the given group that only looks up committed offsets; it never joins the group.</summary>
    public long CommittedOffset(string groupId, string topic)
    {
        var config = new ConsumerConfig { BootstrapServers = Options.BootstrapServers, GroupId = groupId, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).Build();
        return consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(5))[0].Offset.Value;
    }

    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _host.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
