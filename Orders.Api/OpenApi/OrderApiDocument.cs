using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orders.Kafka.Contracts;

namespace Orders.Api.OpenApi;

/// <summary>Names the document, its licence and its tags, and says how callers are identified.</summary>
public sealed class OrderApiDocument : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Checkout"] = "Start, poll, watch and cancel a checkout, keyed by the client's requestId.",
        ["Orders"] = "The caller's own orders, newest first.",
        ["Gateway (legacy routes)"] = "The routes of the service this one replaces, in its formats, for gateways not yet moved.",
        ["Operations"] = "Liveness and readiness probes for orchestrators and load balancers.",
        ["Diagnostics"] = "What this instance holds and runs: Kafka client and partitions, outbox shards, runtime figures.",
        ["Admin"] = "Operators' views and actions: checkouts, dead letters, the audit log. They need the admin key.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "OrderSaga API";
        document.Info.Description =
            "Start, poll and cancel checkouts, and list the caller's orders. Every endpoint needs the X-UserId and " +
            "X-Email headers the API gateway sets. Errors are RFC 9457 problem details; invalid input answers 400 " +
            "with an errors object keyed by the field (\"X-UserId\", \"requestId\", \"items[0].quantity\", \"body\"). " +
            "The Kafka messages are described by the AsyncAPI document at /asyncapi.json.";
        document.Info.License = new OpenApiLicense { Name = AsyncApiDocument.LicenceName };

        // The server is the address the document was asked at; a trailing slash would double the one each path starts with.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url)
                server.Url = url.TrimEnd('/');
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                tag.Description = description;
        }
        return Task.CompletedTask;
    }
}
