using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Kafka.Consuming;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Producing;
using Orders.Kafka.Simulators;
using Orders.StateMachine.Persistence.Outbox;

namespace Orders.Kafka.Hosting;

/// <summary>Puts the checkout saga on Kafka: its topic endpoint, its outbox relayed to Kafka, its dead letters.</summary>
public static class KafkaMessagingRegistration
{
    /// <summary>
    /// The saga's Kafka side (needs the saga on the MassTransit mediator with its PostgreSQL repository, registered
    /// before this): the endpoint reading the response topics, the outbox delivered by the idempotent producer, the
    /// dead-letter writer, an in-process broker when Kafka:Embedded is set without BootstrapServers, and the Product
    /// and Payment simulators when Kafka:Simulators:Enabled is set.
    /// </summary>
    public static IServiceCollection AddOrderSagaKafka(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKafkaClientStartLog();
        services.AddKafkaOptions(configuration);

        var settings = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        if (settings.Embedded && string.IsNullOrWhiteSpace(settings.BootstrapServers))
        {
            services.TryAddSingleton(sp => new InProcessKafkaBroker(settings, sp.GetRequiredService<ILogger<InProcessKafkaBroker>>()));
            services.AddOptions<KafkaOptions>().PostConfigure<InProcessKafkaBroker>((o, broker) => o.BootstrapServers = broker.BootstrapServers);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderSagaProducer>();
        services.TryAddSingleton<DeadLetterWriter>();
        services.TryAddSingleton<SagaRecordProcessor>();
        services.TryAddSingleton<SagaBatchProcessor>();
        services.Replace(ServiceDescriptor.Singleton<IOutboxDelivery, KafkaOutboxDelivery>());
        services.TryAddSingleton<SagaTopicEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<SagaTopicEndpoint>());
        services.AddKafkaSimulators(configuration);
        return services;
    }

    /// <summary>Where the service reaches Kafka, for diagnostics: never the client settings, which may hold credentials.</summary>
    public static KafkaOptions Settings(this IServiceProvider services) => services.GetRequiredService<IOptions<KafkaOptions>>().Value;
}
