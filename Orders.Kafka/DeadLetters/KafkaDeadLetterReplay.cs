using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Kafka.Tracing;
using Orders.Persistence.Admin;

namespace Orders.Kafka.DeadLetters;

/// <summary>
/// Produces a dead-lettered record back to its original topic, key, value and headers unchanged (but
/// <c>traceparent</c>), with an idempotent producer made lazily on the first replay (an instance that never replays
/// never connects for it). The replay's span continues the checkout's trace from the record's <c>traceparent</c> and
/// links to the operator's request; a record without one is replayed in the request's trace. Either way the replayed
/// record's <c>traceparent</c> names the replay's span.
/// </summary>
public sealed class KafkaDeadLetterReplay(IOptions<KafkaOptions> options, ILogger<KafkaDeadLetterReplay> log) : IDeadLetterReplay, IDisposable
{
    /// <summary>
    /// How long a replay may wait for the broker unless Kafka:Client:message.timeout.ms says otherwise: an operator
    /// waits on it, and librdkafka's default (five minutes) is too long to hold the request.
    /// </summary>
    public const int DefaultMessageTimeoutMs = 15_000;

    private const string ClientName = "Dead-letter replay";

    private readonly Lazy<IProducer<string?, string>> _producer = new(() => Build(options.Value, log));

    public async Task<ReplayReceipt> ReplayAsync(ReplayMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var headers = new Headers();
        foreach (var (name, value) in message.Headers)
            headers.Add(name, Encoding.UTF8.GetBytes(value));

        ActivityContext? checkout = TraceHeaders.TryExtract(headers, out var original) ? original : null;
        try
        {
            var delivered = await _producer.Value
                .ProduceTracedAsync(message.Topic, new Message<string?, string> { Key = message.Key, Value = message.Value, Headers = headers },
                    new ProduceTrace(Parent: checkout, Link: checkout is null ? null : Activity.Current?.Context), cancellationToken)
                .ConfigureAwait(false);
            return new ReplayReceipt(delivered.Topic, delivered.Partition.Value, delivered.Offset.Value);
        }
        catch (KafkaException ex)
        {
            throw new DeadLetterReplayException($"Kafka did not take the record for topic '{message.Topic}': {ex.Error.Reason} ({ex.Error.Code})", ex);
        }
    }

    public void Dispose()
    {
        if (!_producer.IsValueCreated)
            return;
        _producer.Value.Flush(TimeSpan.FromSeconds(5));
        _producer.Value.Dispose();
    }

    private static IProducer<string?, string> Build(KafkaOptions options, ILogger log)
    {
        var config = options.IdempotentProducer();
        config.MessageTimeoutMs ??= DefaultMessageTimeoutMs;
        return new ProducerBuilder<string?, string>(config)
            .SetLogHandler((_, message) => KafkaClientLog.Write(log, ClientName, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Write(log, ClientName, error))
            .Build();
    }
}

/// <summary>Registers <see cref="KafkaDeadLetterReplay"/> as the admin API's way to replay dead letters.</summary>
public static class KafkaDeadLetterReplayRegistration
{
    /// <summary>Needs the Kafka settings (Kafka:BootstrapServers, ...), which it registers too when they are not yet.</summary>
    public static IServiceCollection AddKafkaDeadLetterReplay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKafkaOptions(configuration);
        services.TryAddSingleton<IDeadLetterReplay, KafkaDeadLetterReplay>();
        return services;
    }
}
