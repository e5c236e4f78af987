using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orders.Api.Gateway;
using Orders.Api.Identity;
using Orders.Api.Live;

namespace Orders.Api.OpenApi;

/// <summary>
/// Describes what the endpoints bind as text for their own validation (identity headers, paging) with
/// the types and bounds they accept, and the headers of 202 and 503 answers.
/// </summary>
public sealed class OrderApiOperations : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.Name)
            {
                case CallerHeaders.UserIdHeader:
                    parameter.Required = true;
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" };
                    break;
                case CallerHeaders.EmailHeader or GatewayCallerHeaders.EmailHeader:
                    parameter.Required = true;
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "email", MaxLength = 254 };
                    break;
                case "page":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 };
                    break;
                case "pageSize":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = 20 };
                    break;
                case CheckoutEventsApi.LastEventIdHeader:
                    parameter.Description = "Resume after this event id: the id of the last event seen on an earlier stream of this checkout.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" };
                    break;
                case "requestId":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9_-]{1,64}$" };
                    break;
            }
        }

        if (operation.Responses is { } responses)
        {
            AddHeader(responses, "202", "Location", "Where to poll the checkout.");
            // A readiness probe's 503 is a state, not a request to retry: it sends no Retry-After.
            if (context.Description.RelativePath?.StartsWith("health/", StringComparison.Ordinal) != true)
                AddHeader(responses, "503", "Retry-After", "Seconds to wait before sending the same request again.");
        }
        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiResponses responses, string status, string name, string description)
    {
        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}
