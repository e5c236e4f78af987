using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Persistence.Notifications;

namespace Orders.Api.Live;

/// <summary>Registers what the checkout event streams need: their settings, the database feed they read and the notifications that wake them.</summary>
public static class LiveStatusRegistration
{
    public static IServiceCollection AddLiveStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveStatusOptions>().Bind(configuration.GetSection(LiveStatusOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveStatusOptions>, LiveStatusOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CheckoutTimelineWakeups>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostgresNotificationHandler, CheckoutTimelineWakeups>(sp => sp.GetRequiredService<CheckoutTimelineWakeups>()));
        return services;
    }
}
