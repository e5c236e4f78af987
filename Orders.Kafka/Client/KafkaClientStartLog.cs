using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Kafka.Client;

/// <summary>Names the Kafka client and the librdkafka file at start, so a log shows what a process really ran on.</summary>
public sealed partial class KafkaClientStartLog(ILogger<KafkaClientStartLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var client = KafkaClientVersions.Current();
        LogClient(log, client.ConfluentKafka, client.Librdkafka, client.LibrdkafkaFiles.Count == 0 ? "unknown" : string.Join(", ", client.LibrdkafkaFiles));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka client: Confluent.Kafka {ConfluentKafka} on librdkafka {Librdkafka} ({File})")]
    private static partial void LogClient(ILogger log, string confluentKafka, string librdkafka, string file);
}
