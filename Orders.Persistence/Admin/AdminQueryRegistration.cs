using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orders.Persistence.Admin;

/// <summary>Registers what the admin API reads and does (needs the PostgreSQL storage of AddOrderPersistence).</summary>
public static class AdminQueryRegistration
{
    public static IServiceCollection AddAdminQueries(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AdminCheckoutQueries>();
        services.TryAddSingleton<AdminFlowQueries>();
        services.TryAddSingleton<AdminDeadLetters>();
        services.TryAddSingleton<AdminAuditLog>();
        services.TryAddSingleton<DeadLetterReplayer>();
        return services;
    }
}
