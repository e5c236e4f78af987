using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Orders.Api.Identity;

/// <summary>Registers and applies the gateway secret check; see <see cref="GatewayTrustMiddleware"/>.</summary>
public static partial class GatewayTrustRegistration
{
    private const string LogCategory = "Orders.Api.Identity.GatewayTrust";

    public static IServiceCollection AddGatewayTrust(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayTrustOptions>().Bind(configuration.GetSection(GatewayTrustOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayTrustOptions>, GatewayTrustOptionsValidator>();
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<GatewayTrustOpenApi>().AddOperationTransformer<GatewayTrustOpenApi>());
        return services;
    }

    /// <summary>Checks user requests for the gateway secret, and says at start whether it does.</summary>
    public static IApplicationBuilder UseGatewayTrust(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<GatewayTrustOptions>>().Value;
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        if (options.IsEnabled)
            LogEnabled(log, GatewayTrustOptions.SecretHeader);
        else
            LogDisabled(log, GatewayTrustOptions.SecretKey);
        return app.UseMiddleware<GatewayTrustMiddleware>();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User requests must carry the gateway secret in the {Header} header")]
    private static partial void LogEnabled(ILogger log, string header);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is not set: user requests are not checked for the gateway secret, and their X-UserId and X-Email headers are trusted as sent. Set it (env Gateway__Secret) so that only the API gateway can call the service")]
    private static partial void LogDisabled(ILogger log, string setting);
}
