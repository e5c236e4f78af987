using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Kafka.Consuming;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Producing;
using Orders.Persistence.Outbox;

namespace Orders.Kafka.Hosting;

/// <summary>
/// Orders.Kafka owns the transport: the saga's topic endpoint (consume, batch, commit), the producers, the wire codec,
/// dead letters, tracing of records, and the checks of the Kafka client this process loads.
/// </summary>
public static class KafkaMessagingRegistration
{
    /// <summary>
    /// The saga's Kafka side (needs the saga on the MassTransit mediator with its PostgreSQL repository, registered
    /// before this): the endpoint reading the response topics, the outbox delivered by the idempotent producer, the
    /// dead-letter writer. Where the brokers are comes from Kafka:BootstrapServers, or from the host (the embedded
    /// broker of Orders.KafkaBroker).
    /// </summary>
    public static IServiceCollection AddOrderSagaKafka(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKafkaClientStartLog();
        services.AddKafkaOptions(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderSagaProducer>();
        services.TryAddSingleton<DeadLetterWriter>();
        services.TryAddSingleton<SagaRecordProcessor>();
        services.TryAddSingleton<SagaBatchProcessor>();
        services.AddSingleton<IOutboxDelivery, KafkaOutboxDelivery>();
        services.TryAddSingleton<SagaTopicEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<SagaTopicEndpoint>());
        return services;
    }

    /// <summary>Where the service reaches Kafka, for diagnostics: never the client settings, which may hold credentials.</summary>
    public static KafkaOptions Settings(this IServiceProvider services) => services.GetRequiredService<IOptions<KafkaOptions>>().Value;
}
