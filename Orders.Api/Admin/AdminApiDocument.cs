using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orders.Api.Admin;

/// <summary>Declares the admin key as the API key scheme of the /admin operations, when they are mapped.</summary>
public sealed class AdminApiDocument : IOpenApiDocumentTransformer
{
    public const string Scheme = "AdminKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Paths is null || !document.Paths.Keys.Any(AdminApiOperations.IsAdminPath))
            return Task.CompletedTask;

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AdminKey.Header,
            Description = "The admin key (setting Admin:Key). Without it, or with another value, admin endpoints answer 401.",
        };
        document.Info.Description += " Admin endpoints (/admin/...) need the X-Admin-Key header instead of the identity headers.";
        return Task.CompletedTask;
    }
}
