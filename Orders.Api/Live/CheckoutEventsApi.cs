using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orders.Api.Checkout;
using Orders.Api.Errors;
using Orders.Api.Identity;
using Orders.Api.Validation;
using Orders.Persistence.Reading;

namespace Orders.Api.Live;

/// <summary>Watching a checkout live: its timeline as Server-Sent Events.</summary>
public static class CheckoutEventsApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static RouteHandlerBuilder MapCheckoutEventEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet($"{CheckoutApi.Route}/{{requestId}}/events", WatchAsync)
            .WithTags("Checkout")
            .WithName("WatchCheckout")
            .WithSummary("Watch a checkout live (Server-Sent Events)")
            .WithDescription(
                "Streams the checkout's timeline as text/event-stream: every state it entered so far, then each new one as it " +
                "happens. Each event has id = the timeline entry id and data = {requestId, state, reasonCode, at, final}. The " +
                "server closes the stream after the event marked final, sent once the checkout's latest state settles its " +
                "outcome: Paid, Shipped, Rejected, PaymentFailed, TimedOut, Cancelled or RefundFailed. A later change of a paid " +
                "checkout (cancellation, refund, shipment) shows on a new stream opened with Last-Event-ID. Reconnecting with " +
                "Last-Event-ID resumes after that entry, with no gaps or repeats; 204 when nothing follows it and the checkout is " +
                "settled (which tells an EventSource to stop reconnecting). A ': keep-alive' comment line is sent while the " +
                "checkout stays quiet. Works behind any instance: the events are read from the database, and the database tells " +
                "every instance when a checkout's timeline grows. A checkout of another user answers 404, exactly as one that " +
                "does not exist. An instance keeps at most LiveStatus:MaxStreams streams open; past that it answers 503 with " +
                "Retry-After and reason too_many_streams.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<CheckoutEventsResult, NoContent, ValidationProblem, ProblemHttpResult>> WatchAsync(
        string requestId,
        [AsParameters] CallerHeaders headers,
        [FromHeader(Name = LastEventIdHeader)] string? lastEventId,
        CheckoutTimelineFeed feed,
        CheckoutTimelineWakeups wakeups,
        IOptions<LiveStatusOptions> options,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var caller = headers.Validate(errors);
        var afterId = ReadLastEventId(lastEventId, errors);
        if (!RequestIds.Check(requestId, errors) || caller is null || !errors.IsEmpty)
            return errors.ToProblem();

        var watch = await feed.OpenAsync(requestId, afterId, cancellationToken).ConfigureAwait(false);
        if (watch is null || watch.UserId != caller.UserId)
            return ApiProblems.CheckoutNotFound(requestId);
        if (watch.Entries.Count == 0 && StreamEnd.IsSettled(watch.State))
            return TypedResults.NoContent();

        // The place is given back when the stream ends (CheckoutEventsResult).
        if (!wakeups.TryReserve(options.Value.MaxStreams))
            return ApiProblems.TooManyStreams(response, options.Value.MaxStreams);
        return new CheckoutEventsResult(requestId, afterId, watch.Entries);
    }

    /// <summary>The entry to resume after: 0 (from the start) without the header.</summary>
    private static long ReadLastEventId(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
            return 0;
        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            return id;
        errors.Add(LastEventIdHeader, $"The {LastEventIdHeader} header must be the id of an event of this stream (a whole number)");
        return 0;
    }
}
