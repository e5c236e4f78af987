using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orders.Api.Admin;

/// <summary>Marks every /admin operation as needing the admin key, and describes the Location of a 202.</summary>
public sealed class AdminApiOperations : IOpenApiOperationTransformer
{
    public static bool IsAdminPath(string path) => path.StartsWith($"{AdminEndpoints.Route}/", StringComparison.Ordinal);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.RelativePath is not { } path || !IsAdminPath("/" + path.TrimStart('/')))
            return Task.CompletedTask;

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminApiDocument.Scheme, context.Document)] = [] });

        if (operation.Responses is { } responses && responses.TryGetValue("202", out var accepted) && accepted is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["Location"] = new OpenApiHeader { Description = "Where to read the checkout (GET /admin/checkouts/{requestId}).", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        return Task.CompletedTask;
    }
}
