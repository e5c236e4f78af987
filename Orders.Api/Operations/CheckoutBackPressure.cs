using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orders.Api.Errors;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Operations;

/// <summary>
/// Refuses new checkouts with 503 and Retry-After while the saga is behind: more undelivered outbox messages
/// than Operations:MaxOutboxBacklog, or more unprocessed Kafka records than Operations:MaxConsumerLag. Polls,
/// cancellations and everything else still go through, and new checkouts are taken again as soon as the next
/// count (every Operations:RefreshInterval) is back within the bound.
/// </summary>
public sealed partial class CheckoutBackPressure
{
    /// <summary>The endpoint that starts checkouts (its name in CheckoutApi and the OpenAPI document).</summary>
    public const string SubmitEndpointName = "SubmitCheckout";

    /// <summary>The gateway's endpoint that starts the same checkouts (GatewayApi).</summary>
    public const string LegacySubmitEndpointName = "LegacySubmitCheckout";

    private readonly RequestDelegate _next;
    private readonly BacklogMonitor _backlog;
    private readonly OperationsOptions _settings;
    private readonly ILogger<CheckoutBackPressure> _log;
    private readonly CheckoutRefusals _refused;

    public CheckoutBackPressure(RequestDelegate next, BacklogMonitor backlog, IOptions<OperationsOptions> options, CheckoutRefusals refused, ILogger<CheckoutBackPressure> log)
    {
        _next = next;
        _backlog = backlog;
        _settings = options.Value;
        _log = log;
        _refused = refused;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is SubmitEndpointName or LegacySubmitEndpointName
            && Behind() is { } refusal)
        {
            _refused.Add(refusal.Reason);
            LogRefused(_log, refusal.Reason, refusal.Value, refusal.Limit);
            await ApiProblems.WriteUnavailableAsync(context, new ProblemDetails
            {
                Title = "Checkout service is behind",
                Detail = $"{refusal.Detail} New checkouts are refused until it catches up; send the same request again after the Retry-After interval.",
                Extensions = { ["reason"] = refusal.Reason, ["value"] = refusal.Value, ["limit"] = refusal.Limit },
            }).ConfigureAwait(false);
            return;
        }

        await _next(context).ConfigureAwait(false);
    }

    /// <summary>Why new checkouts must wait now, or null when they need not.</summary>
    public Refusal? Behind()
    {
        if (_backlog.Current is { } snapshot && snapshot.OutboxBacklog > _settings.MaxOutboxBacklog)
        {
            return new Refusal("outbox_backlog", snapshot.OutboxBacklog, _settings.MaxOutboxBacklog,
                $"The saga is behind: {snapshot.OutboxBacklog} messages wait in the outbox to be delivered to Kafka " +
                $"(bound {OperationsOptions.Section}:{nameof(OperationsOptions.MaxOutboxBacklog)} = {_settings.MaxOutboxBacklog}).");
        }

        var lag = OrderMetrics.ConsumerLag().Sum(l => l.Lag);
        if (lag > _settings.MaxConsumerLag)
        {
            return new Refusal("consumer_lag", lag, _settings.MaxConsumerLag,
                $"The saga is behind: {lag} Kafka records wait to be processed " +
                $"(bound {OperationsOptions.Section}:{nameof(OperationsOptions.MaxConsumerLag)} = {_settings.MaxConsumerLag}).");
        }
        return null;
    }

    /// <summary>Why new checkouts are refused: which bound, how far over it, in words.</summary>
    public sealed record Refusal(string Reason, long Value, long Limit, string Detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "New checkout refused (503): {Reason} {Value} over {Limit}")]
    private static partial void LogRefused(ILogger log, string reason, long value, long limit);
}
