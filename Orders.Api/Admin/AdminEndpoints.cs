using Microsoft.AspNetCore.OpenApi;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>
/// The admin API under /admin and its dashboard at /admin/, both on only when Admin:Key is set. Every API call
/// needs that key in X-Admin-Key; the dashboard's page loads without it and asks for it.
/// </summary>
public static class AdminEndpoints
{
    public const string Route = "/admin";

    public static WebApplicationBuilder AddOrderAdmin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAdminQueries();
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<AdminApiDocument>().AddOperationTransformer<AdminApiOperations>());
        return builder;
    }

    /// <summary>Maps the admin endpoints and serves the dashboard when Admin:Key is set; otherwise logs that admin is off.</summary>
    public static WebApplication MapOrderAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AdminLog.Category);
        if (AdminKey.From(app.Configuration) is not { } key)
        {
            AdminLog.Off(log, AdminKey.Setting);
            return app;
        }

        if (key.Length < AdminKey.RecommendedLength)
            AdminLog.ShortKey(log, AdminKey.Setting, key.Length, AdminKey.RecommendedLength);

        AdminDashboard.Serve(app, log);

        var admin = app.MapGroup(Route)
            .WithTags("Admin")
            .AddEndpointFilter(new AdminKeyFilter(key, app.Services.GetRequiredService<ILogger<AdminKeyFilter>>()))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        admin.MapAdminCheckoutEndpoints();
        admin.MapAdminDeadLetterEndpoints();
        admin.MapAdminAuditEndpoints();
        admin.MapAdminFlowEndpoints();

        AdminLog.On(log, AdminKey.Header);
        return app;
    }
}
