using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;

namespace Orders.Simulators.Kafka;

/// <summary>Registers the Product and Payment simulators on Kafka.</summary>
public static class KafkaSimulatorRegistration
{
    /// <summary>
    /// Adds both simulators as hosted services when Kafka:Simulators:Enabled is true; otherwise
    /// adds nothing, and the Kafka settings are not required.
    /// </summary>
    public static IServiceCollection AddKafkaSimulators(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var enabled = configuration.GetValue<bool>($"{KafkaOptions.Section}:{nameof(KafkaOptions.Simulators)}:{nameof(KafkaSimulatorOptions.Enabled)}");
        if (!enabled)
            return services;

        services.AddKafkaClientStartLog();
        services.AddKafkaOptions(configuration);
        services.AddHostedService<ProductServiceKafkaSimulator>();
        services.AddHostedService<PaymentServiceKafkaSimulator>();
        return services;
    }
}
