using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Orders.Api.OpenApi;

namespace Orders.Api.Identity;

/// <summary>
/// When the gateway secret is configured, the document says so: a security scheme for X-Gateway-Secret, required by
/// every user operation, each of which may then answer 401. Without it the document shows neither.
/// </summary>
public sealed class GatewayTrustOpenApi(IOptions<GatewayTrustOptions> options) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "gatewaySecret";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled)
            return Task.CompletedTask;

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = GatewayTrustOptions.SecretHeader,
            Description = "The secret shared with the API gateway (setting Gateway:Secret). The gateway adds it to every user request; a request without it, or with another value, answers 401.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled || !UserRoutes.Contains(new PathString("/" + context.Description.RelativePath)))
            return Task.CompletedTask;

        OperationSecurity.Require(operation, new OpenApiSecuritySchemeReference(SchemeName, context.Document));
        operation.Responses ??= new OpenApiResponses();
        operation.Responses["401"] = new OpenApiResponse { Description = "The request did not come through the API gateway: X-Gateway-Secret is missing or wrong." };
        return Task.CompletedTask;
    }
}
