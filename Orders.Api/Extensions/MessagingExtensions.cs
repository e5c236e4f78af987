using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orders.Kafka.DeadLetters;
using Orders.Kafka.Hosting;
using Orders.StateMachine;
using Orders.StateMachine.Deadlines;
using Orders.StateMachine.Persistence;

namespace Orders.Api.Extensions;

/// <summary>How checkouts travel: the saga on MassTransit's mediator in this process, and Kafka between services.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// The checkout saga on the mediator, kept in PostgreSQL (needs the storage of
    /// <see cref="StorageExtensions.TryAddOrderStorage"/>): the API's requests and the deadline notices reach it
    /// in process, and Product's, Payment's and shipping's answers through its Kafka topic endpoint. What it
    /// publishes goes through the outbox to Kafka.
    /// </summary>
    public static IServiceCollection AddOrderMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator(x => x.AddOrderStateMachine().PostgresRepository());
        services.Replace(ServiceDescriptor.Singleton<IDeadlineNotices, MediatorDeadlineNotices>());
        services.AddOrderSagaKafka(configuration);
        services.AddKafkaDeadLetterReplay(configuration);
        return services;
    }
}
