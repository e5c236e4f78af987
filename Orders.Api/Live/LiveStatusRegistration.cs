using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orders.Api.Live;

/// <summary>Registers what the checkout event streams need: their settings and the database feed they read.</summary>
public static class LiveStatusRegistration
{
    public static IServiceCollection AddLiveStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveStatusOptions>().Bind(configuration.GetSection(LiveStatusOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveStatusOptions>, LiveStatusOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CheckoutTimelineFeed>();
        return services;
    }
}
