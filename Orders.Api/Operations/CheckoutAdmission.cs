using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Orders.Api.Errors;

namespace Orders.Api.Operations;

/// <summary>
/// Admission of new checkouts (POST /orders/checkout and the gateway's POST /Order/Order-Summary): at most
/// Operations:MaxConcurrentCheckouts are recorded at once and up to Operations:CheckoutQueueLimit more wait their turn,
/// first come first served; beyond that a submission is refused at once with 503, Retry-After and reason
/// <c>too_many_checkouts</c>. Nothing of a refused submission is recorded, so the same request can simply be sent again.
/// </summary>
/// <remarks>
/// Without a bound, a burst above what the machine completes piled up submissions that each held a database
/// connection and a transaction: the saga's own Kafka steps then waited behind them for connections, the heap grew and
/// GC pauses stalled every open transaction, and throughput fell to a third (./bench.sh --rate 500, docs/performance.md).
/// ASP.NET Core's concurrency limiter keeps the submissions at work few and the rest cheap and waiting, or refused.
/// </remarks>
public static partial class CheckoutAdmission
{
    /// <summary>The rate-limiting policy the submission endpoints require.</summary>
    public const string Policy = "checkout-admission";

    public const string Reason = "too_many_checkouts";

    public static IServiceCollection AddCheckoutAdmission(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<OperationsOptions>>((limiter, operations) =>
        {
            var settings = operations.Value;
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = settings.MaxConcurrentCheckouts;
                concurrency.QueueLimit = settings.CheckoutQueueLimit;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (context, _) => RefuseAsync(context.HttpContext, settings);
        });
        return services;
    }

    private static async ValueTask RefuseAsync(HttpContext context, OperationsOptions settings)
    {
        context.RequestServices.GetRequiredService<CheckoutRefusals>().Add(Reason);
        var log = context.RequestServices.GetRequiredService<ILogger<CheckoutRefusals>>();
        LogRefused(log, settings.MaxConcurrentCheckouts, settings.CheckoutQueueLimit);
        await ApiProblems.WriteUnavailableAsync(context, new ProblemDetails
        {
            Title = "Too many checkouts at once",
            Detail = $"{settings.MaxConcurrentCheckouts} checkouts are being recorded and {settings.CheckoutQueueLimit} more are waiting " +
                $"(bounds {OperationsOptions.Section}:{nameof(OperationsOptions.MaxConcurrentCheckouts)} and " +
                $"{OperationsOptions.Section}:{nameof(OperationsOptions.CheckoutQueueLimit)}). Nothing of this request was recorded; " +
                "send the same request again after the Retry-After interval.",
            Extensions = { ["reason"] = Reason, ["limit"] = settings.MaxConcurrentCheckouts + settings.CheckoutQueueLimit },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "New checkout refused (503): {Concurrent} being recorded and {Queued} waiting already")]
    private static partial void LogRefused(ILogger log, int concurrent, int queued);
}
