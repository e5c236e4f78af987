using System.Text.Json.Serialization;
using Orders.Api.Checkout;
using Orders.Api.Errors;
using Orders.Api.Identity;
using Orders.Api.Live;
using Orders.Api.OpenApi;

namespace Orders.Api.Extensions;

/// <summary>The HTTP side of the service: problem details, error handling and the OpenAPI document.</summary>
public static class ApiExtensions
{
    public static WebApplicationBuilder AddOrderApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);

            // Routing itself refuses a body whose Content-Type an endpoint does not accept; say what it wants.
            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && c.ProblemDetails.Detail is null)
                c.ProblemDetails.Detail = CheckoutBody.MediaTypeProblem(c.HttpContext.Request);
        });
        builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
        // New checkouts are recorded in groups (Operations:SubmitBatchSize), one transaction each.
        builder.Services.AddSingleton<CheckoutSubmitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CheckoutSubmitter>());
        builder.Services.AddGatewayTrust(builder.Configuration).AddLiveStatus(builder.Configuration);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OrderApiDocument>().AddOperationTransformer<OrderApiOperations>()
            .AddDocumentTransformer<OperationSecurity>().AddOperationTransformer<OperationSecurity>());

        // Numbers are numbers: no quoted "5" on the way in or out, and the OpenAPI schemas say so.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return builder;
    }

    public static WebApplication UseOrderApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewayTrust();
        app.MapOpenApi();
        return app;
    }
}
