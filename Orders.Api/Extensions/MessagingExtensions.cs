using MassTransit;
using Orders.Kafka.Configuration;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Hosting;
using Orders.KafkaBroker.Hosting;
using Orders.Persistence;
using Orders.Simulators.Kafka;
using Orders.StateMachine;
using Orders.StateMachine.Deadlines;

namespace Orders.Api.Extensions;

/// <summary>How checkouts travel: the saga on MassTransit's mediator in this process, and Kafka between services.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// The checkout saga on the mediator, kept in PostgreSQL (needs the storage of
    /// <see cref="StorageExtensions.TryAddOrderStorage"/>): the API's requests and the deadline notices reach it
    /// in process, and Product's, Payment's and shipping's answers through its Kafka topic endpoint. What it
    /// publishes goes through the outbox to Kafka. With Kafka:Embedded and no Kafka:BootstrapServers the broker runs
    /// in this process; the Product and Payment simulators run only when Kafka:Simulators:Enabled is set.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator(x => x.AddOrderStateMachine().PostgresRepository());
        services.AddSingleton<IDeadlineNotices, MediatorDeadlineNotices>();
        services.AddOrderSagaKafka(configuration);
        services.AddKafkaDeadLetterReplay(configuration);
        services.AddEmbeddedKafkaBrokerWhenAsked(configuration);
        services.AddKafkaSimulators(configuration);
        return services;
    }

    /// <summary>The broker in this process, for Kafka:Embedded without Kafka:BootstrapServers (tests, a bare <c>dotnet run</c>).</summary>
    private static void AddEmbeddedKafkaBrokerWhenAsked(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        if (!settings.Embedded || !string.IsNullOrWhiteSpace(settings.BootstrapServers))
            return;
        services.AddSingleton(sp => new InProcessKafkaBroker(
            settings.Topics.BySetting().Select(t => t.Value), settings.TopicPartitions, sp.GetRequiredService<ILogger<InProcessKafkaBroker>>()));
        services.AddOptions<KafkaOptions>().PostConfigure<InProcessKafkaBroker>((o, broker) => o.BootstrapServers = broker.BootstrapServers);
    }
}
