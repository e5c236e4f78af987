using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;

namespace Orders.Simulators.Kafka;

/// <summary>
/// Orders.Simulators owns the stand-ins for the Product and Payment services (their fixed, documented rules) and their
/// Kafka hosting: demo participants for ./run.sh, the tests and the benchmark, never on unless asked for.
/// </summary>
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
