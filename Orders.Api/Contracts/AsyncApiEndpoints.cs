using System.Text;
using Microsoft.Extensions.Options;
using Orders.Api.Extensions;
using Orders.Kafka.Configuration;
using Orders.Kafka.Contracts;

namespace Orders.Api.Contracts;

/// <summary>
/// The messaging contract for other teams: the AsyncAPI document at /asyncapi.json, for the topic names this instance
/// uses, and a page at /asyncapi/ that shows it. Like /openapi/v1.json, neither needs identity headers.
/// </summary>
public static partial class AsyncApiEndpoints
{
    public const string DocumentRoute = "/asyncapi.json";
    public const string PageRoute = "/asyncapi";
    public const string PageFolder = "asyncapi";

    public static WebApplication MapAsyncApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var kafka = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        // Made once: it depends only on the code and the topic settings, which do not change while running.
        var document = AsyncApiDocument.ToText(AsyncApiDocument.Create(kafka.Topics, kafka.GroupId));
        app.MapGet(DocumentRoute, () => Results.Text(document, "application/json", Encoding.UTF8)).ExcludeFromDescription();

        if (WebRootPages.Serve(app, PageFolder, PageRoute) is { } places)
            PageMissing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AsyncApiEndpoints)), places);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The AsyncAPI page is not served: no index.html in {Places}")]
    private static partial void PageMissing(ILogger log, string places);
}
