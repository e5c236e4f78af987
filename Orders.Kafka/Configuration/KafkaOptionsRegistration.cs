using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Kafka.Serialization;

namespace Orders.Kafka.Configuration;

/// <summary>Registers the Kafka settings and the wire codec; safe to call from every Kafka registration.</summary>
public static class KafkaOptionsRegistration
{
    public static IServiceCollection AddKafkaOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<KafkaOptions>)))
            return services;

        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.TryAddSingleton(sp => new KafkaMessageCodec(sp.GetRequiredService<IOptions<KafkaOptions>>().Value.Topics));
        return services;
    }
}
