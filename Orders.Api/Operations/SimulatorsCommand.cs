using Orders.Api.Configuration;
using Orders.Api.Operations.Telemetry;
using Orders.Kafka.Configuration;
using Orders.Simulators.Kafka;

namespace Orders.Api.Operations;

/// <summary>
/// <c>dotnet Orders.Api.dll simulators</c>: only the Product and Payment simulators on Kafka, as a process of their
/// own (compose.yaml's <c>simulators</c> service), standing in for the other teams' services. Needs
/// Kafka:BootstrapServers (or KAFKA_BROKERS); stops on SIGTERM or Ctrl-C.
/// </summary>
public static class SimulatorsCommand
{
    public const string Name = "simulators";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = Host.CreateApplicationBuilder(args[1..]);
        if (!builder.Configuration.TryUseSettingAliases(error))
            return 2;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{KafkaOptions.Section}:{nameof(KafkaOptions.Simulators)}:{nameof(KafkaSimulatorOptions.Enabled)}"] = "true",
        });
        if (StartupSettings.FindKafkaProblem(builder.Configuration, allowEmbedded: false) is { } problem)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return 2;
        }

        builder.Services.AddKafkaSimulators(builder.Configuration);
        builder.Services.AddSimulatorTelemetry(builder.Configuration);
        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }
}
