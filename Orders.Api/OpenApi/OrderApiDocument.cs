using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orders.Api.OpenApi;

/// <summary>Names the document and says how callers are identified.</summary>
public sealed class OrderApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OrderSaga API";
        document.Info.Description =
            "Start, poll and cancel checkouts, and list the caller's orders. Every endpoint needs the X-UserId and " +
            "X-Email headers the API gateway sets. Errors are RFC 9457 problem details; invalid input answers 400 " +
            "with an errors object keyed by the field (\"X-UserId\", \"requestId\", \"items[0].quantity\", \"body\").";
        return Task.CompletedTask;
    }
}
