using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orders.Api.Admin;
using Orders.Api.Identity;

namespace Orders.Api.OpenApi;

/// <summary>
/// Says on every operation who may call it, as clients and gateways read it: user operations need the identity the
/// API gateway sets (the gatewayIdentity scheme: X-UserId, with X-Email beside it as a header parameter), admin ones
/// the admin key, and health and diagnostics nothing at all (an empty requirement list, stated rather than left out).
/// </summary>
public sealed class OperationSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string IdentityScheme = "gatewayIdentity";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[IdentityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = CallerHeaders.UserIdHeader,
            Description = $"The user the API gateway authenticated: it sets {CallerHeaders.UserIdHeader} (and {CallerHeaders.EmailHeader}) on every user request, " +
                "dropping any a client sent. Without them a user operation answers 400.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var path = "/" + context.Description.RelativePath;
        if (UserRoutes.Contains(new PathString(path)))
            Require(operation, new OpenApiSecuritySchemeReference(IdentityScheme, context.Document));
        else if (!AdminApiOperations.IsAdminPath(path))
            operation.Security ??= [];
        return Task.CompletedTask;
    }

    /// <summary>Adds a scheme to the operation's one requirement, so all of its schemes are needed together (not any one of them).</summary>
    public static void Require(OpenApiOperation operation, OpenApiSecuritySchemeReference scheme)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Security ??= [];
        if (operation.Security.Count == 0)
            operation.Security.Add(new OpenApiSecurityRequirement());
        operation.Security[0][scheme] = [];
    }
}
