using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Persistence.Retention;

namespace Orders.Persistence;

/// <summary>
/// Registers the <see cref="RetentionCleaner"/>, as part of <see cref="OrderPersistenceRegistration.AddOrderPersistence"/>
/// (in that class's namespace, so that it is called there without another using).
/// </summary>
internal static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetentionCleaner>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionCleaner>());
        return services;
    }
}
