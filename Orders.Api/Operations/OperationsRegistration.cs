using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Api.Operations.Health;
using Orders.Api.Operations.Telemetry;
using Orders.Kafka.Configuration;
using Orders.Kafka.Health;

namespace Orders.Api.Operations;

/// <summary>Running the service: health endpoints, metrics, back-pressure, answers to an unavailable database, shutdown.</summary>
public static class OperationsRegistration
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static async Task HealthAsync(HealthCheckService health, HttpContext context, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await health.CheckHealthAsync(predicate, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await HealthResponseWriter.WriteAsync(context, report).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers the Operations settings, the readiness checks (PostgreSQL, Kafka when the service uses it, the
    /// outbox backlog), the backlog monitor and the host's shutdown timeout. Call it after
    /// the messaging registration: the Kafka check is added only when the Kafka settings are registered by then.
    /// </summary>
    public static WebApplicationBuilder AddOrderOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<OperationsOptions>().Bind(builder.Configuration.GetSection(OperationsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<OperationsOptions>>((host, operations) => host.ShutdownTimeout = operations.Value.ShutdownTimeout);

        services.AddSingleton<CheckoutRefusals>();
        services.AddCheckoutAdmission();
        services.AddSingleton<BacklogMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BacklogMonitor>());

        var checks = services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>(PostgresHealthCheck.Name, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name, tags: [ReadyTag], timeout: CheckTimeout);

        // Only a service that uses Kafka (its settings are registered) depends on it being there.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<KafkaOptions>)))
        {
            services.AddSingleton<IKafkaReadiness, AdminClientKafkaReadiness>();
            checks.AddCheck<KafkaHealthCheck>(KafkaHealthCheck.Name, tags: [ReadyTag], timeout: CheckTimeout);
        }
        return builder;
    }

    /// <summary>
    /// Answers 503 for an unavailable database, for checkouts while the saga is behind and for checkouts over the
    /// admission bounds (call it after
    /// UseOrderApi, so it sees failures before the generic error handler), and maps the health and metrics endpoints.
    /// </summary>
    public static WebApplication UseOrderOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<DependencyFailureMiddleware>();
        app.UseMiddleware<CheckoutBackPressure>();
        app.UseRateLimiter();

        var operations = app.MapGroup("").WithTags("Operations");
        operations.MapGet(LivePath, (HealthCheckService health, HttpContext context) => HealthAsync(health, context, _ => false))
            .WithName("Live")
            .WithSummary("Liveness: the process is up")
            .WithDescription("Answers 200 while the process runs and serves HTTP. It checks no dependency: restart the process only when this fails.")
            .Produces<HealthResponse>();
        operations.MapGet(ReadyPath, (HealthCheckService health, HttpContext context) => HealthAsync(health, context, c => c.Tags.Contains(ReadyTag)))
            .WithName("Ready")
            .WithSummary("Readiness: PostgreSQL, Kafka and the outbox backlog")
            .WithDescription("200 when PostgreSQL answers, a Kafka broker answers and the outbox backlog is within Operations:MaxOutboxBacklog; " +
                "503 otherwise. The body lists each check with its status and why.")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        // OpenTelemetry's Prometheus exporter: the OrderSaga meter (funnel, final states, time in each state, reply
        // durations, outbox backlog, dead letters, stuck checkouts, consumer lag, refused checkouts) and the
        // ASP.NET Core, runtime, Npgsql and MassTransit meters.
        app.MapOrderMetrics(MetricsPath).WithTags("Operations");
        return app;
    }
}
