using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Orders.Kafka.Client;

/// <summary>Registers <see cref="KafkaClientStartLog"/> once, however many Kafka registrations ask for it.</summary>
public static class KafkaClientRegistration
{
    public static IServiceCollection AddKafkaClientStartLog(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KafkaClientStartLog>());
        return services;
    }
}
