using System.Diagnostics.Metrics;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.Kafka.Tracing;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Operations.Telemetry;

/// <summary>
/// OpenTelemetry for the service: metrics always (the Prometheus exporter serves them on <c>/metrics</c>); traces and
/// logs only by OTLP, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without an
/// endpoint no tracer is made, so no span is recorded and the service pays nothing for them.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The service name in traces and metrics unless OTEL_SERVICE_NAME says otherwise.</summary>
    public const string ServiceName = "order-saga";

    /// <summary>The process of <c>dotnet Orders.Api.dll simulators</c>: other teams' services in spirit.</summary>
    public const string SimulatorsServiceName = "order-saga-simulators";

    /// <summary>The standard variable that turns OTLP export on (empty counts as unset, as compose.yaml leaves it).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The name MassTransit gives its receive instruments (and the prefix of the rest of that group).</summary>
    private const string MassTransitReceive = "messaging.masstransit.receive";

    private const ActivityTrackingOptions TraceIds = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId;

    /// <summary>Whether the standard variable names an OTLP endpoint to export to.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    /// <summary>
    /// The API's telemetry: the <c>OrderSaga</c> meter with ASP.NET Core's, the runtime's, Npgsql's and MassTransit's, for
    /// <c>/metrics</c> (<see cref="MapOrderMetrics"/>) and OTLP; the trace sources (ASP.NET Core, MassTransit, Npgsql,
    /// the Kafka spans) for a tracer, which exists only with an OTLP endpoint (or a test's exporter).
    /// </summary>
    public static WebApplicationBuilder AddOrderTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Log lines written inside a trace carry its ids in their scope (the host's default too, made explicit here).
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = TraceIds);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, builder.Configuration, ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(OrderMetrics.MeterName, InstrumentationOptions.MeterName)
                .AddNpgsqlInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // Every scrape shows what is counted now (the exporter's default keeps an answer for 300 ms).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(ExportedStreams(provider.GetRequiredService<IMeterFactory>())));
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddAspNetCoreInstrumentation(http => http.Filter = context => !IsOperationsPath(context.Request.Path))
            .AddNpgsql()
            .AddSource(DiagnosticHeaders.DefaultListenerName, KafkaTracing.SourceName));
        ExportByOtlp(telemetry, builder.Configuration);
        return builder;
    }

    /// <summary>The simulators' process: its Kafka spans (and logs) by OTLP when an endpoint is set; it serves no metrics.</summary>
    public static IServiceCollection AddSimulatorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LoggerFactoryOptions>(logging => logging.ActivityTrackingOptions = TraceIds);
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => Describe(resource, configuration, SimulatorsServiceName));
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(KafkaTracing.SourceName));
        ExportByOtlp(telemetry, configuration);
        return services;
    }

    /// <summary>Maps the Prometheus exporter's scrape endpoint at <paramref name="path"/>.</summary>
    public static IEndpointConventionBuilder MapOrderMetrics(this IEndpointRouteBuilder endpoints, string path) =>
        // Scrapes are not counted in the HTTP metrics they serve.
        endpoints.MapPrometheusScrapingEndpoint(path).DisableHttpMetrics();

    private static void ExportByOtlp(OpenTelemetryBuilder telemetry, IConfiguration configuration)
    {
        if (!ExportsOtlp(configuration))
            return;
        // The OTLP exporter reads the other standard variables itself (protocol, headers, timeouts, per-signal endpoints).
        telemetry.WithTracing().WithLogging().UseOtlpExporter();
    }

    private static void Describe(ResourceBuilder resource, IConfiguration configuration, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
            resource.AddService(serviceName);
    }

    /// <summary>
    /// Health checks and scrapes are not traced: they come every few seconds and tell nothing about a checkout.
    /// </summary>
    private static bool IsOperationsPath(PathString path) =>
        path.StartsWithSegments(OperationsRegistration.MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Which instruments are exported: those of this host's meters and of process-wide ones, not those another host in the
    /// same process made through its own <see cref="IMeterFactory"/> (the tests run several: their gauges would overwrite
    /// this host's); and of MassTransit's meter, all but its <c>receive</c> group (see <see cref="IsMediatorReceive"/>). A view
    /// for the meter provider.
    /// </summary>
    public static Func<Instrument, MetricStreamConfiguration?> ExportedStreams(IMeterFactory meters) =>
        instrument => (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meters)) && !IsMediatorReceive(instrument)
            ? null
            : MetricStreamConfiguration.Drop;

    /// <summary>
    /// MassTransit's <c>messaging.masstransit.receive</c> instruments (count, errors, duration, active). Here MassTransit
    /// receives only from the in-process mediator, so each of them counts again what its <c>saga</c> and <c>handler</c>
    /// instruments count for the same message (and the Kafka side has the service's own instruments); yet they cost more
    /// than a third of MassTransit's metric work per saga step. MassTransit records the group only while its total counter
    /// is listened to, so dropping the group here skips that work, not just the export.
    /// </summary>
    private static bool IsMediatorReceive(Instrument instrument) =>
        instrument.Meter.Name == InstrumentationOptions.MeterName
        && instrument.Name.StartsWith(MassTransitReceive, StringComparison.Ordinal)
        && (instrument.Name.Length == MassTransitReceive.Length || instrument.Name[MassTransitReceive.Length] == '.');
}
