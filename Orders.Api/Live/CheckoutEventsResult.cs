using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Orders.Api.Checkout;
using Orders.Persistence.Notifications;
using Orders.Persistence.Reading;

namespace Orders.Api.Live;

/// <summary>
/// Writes a checkout's timeline as Server-Sent Events: the entries after the resume point, then each new one as the
/// database shows it, until the checkout's latest state settles it (<see cref="StreamEnd"/>), the client goes away
/// or the host stops. It reads again when the database notifies that the checkout's timeline grew
/// (<see cref="CheckoutTimelineWakeups"/>), every LiveStatus:ResyncInterval anyway, and every LiveStatus:PollInterval
/// while notifications do not arrive. It holds one of the instance's stream places, reserved by the endpoint. Each event's id is its timeline entry id, so a client that reconnects with Last-Event-ID
/// resumes exactly after the last event it saw. Written by hand rather than with TypedResults.ServerSentEvents,
/// which cannot send the ": keep-alive" comments that keep proxies from closing an idle stream.
/// </summary>
public sealed class CheckoutEventsResult(string requestId, long afterId, IReadOnlyList<TimelineEvent> firstEntries) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";
    public const string KeepAlive = ": keep-alive\n\n";

    public string RequestId => requestId;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var wakeups = httpContext.RequestServices.GetRequiredService<CheckoutTimelineWakeups>();
        try
        {
            await StreamAsync(httpContext, wakeups).ConfigureAwait(false);
        }
        finally
        {
            // The place the endpoint reserved for this stream.
            wakeups.Release();
        }
    }

    private async Task StreamAsync(HttpContext httpContext, CheckoutTimelineWakeups wakeups)
    {
        var services = httpContext.RequestServices;
        var feed = services.GetRequiredService<CheckoutTimelineFeed>();
        var notifications = services.GetRequiredService<PostgresNotifications>();
        var options = services.GetRequiredService<IOptions<LiveStatusOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var log = services.GetRequiredService<ILogger<CheckoutEventsResult>>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx and similar proxies buffer responses unless told not to; a buffered stream shows nothing live.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var scope = log.BeginCheckoutScope(requestId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        // Watching from before the first write: a change from now on wakes the stream. One between the endpoint's
        // read and this line is caught by reading once more before the first wait.
        using var watch = wakeups.Watch(requestId);
        var lastId = afterId;
        var readAgain = true;
        try
        {
            await response.StartAsync(stop.Token).ConfigureAwait(false);
            LiveStatusLog.Opened(log, requestId, afterId);

            var entries = firstEntries;
            var lastWrite = clock.GetTimestamp();
            while (true)
            {
                if (entries.Count > 0)
                {
                    var settled = StreamEnd.IsSettled(entries[^1].State);
                    await response.WriteAsync(Format(requestId, entries, settled, json), stop.Token).ConfigureAwait(false);
                    lastId = entries[^1].Id;
                    lastWrite = clock.GetTimestamp();
                    if (settled)
                    {
                        LiveStatusLog.Settled(log, requestId, entries[^1].State, lastId);
                        return;
                    }
                }
                else if (clock.GetElapsedTime(lastWrite) >= options.HeartbeatInterval)
                {
                    await response.WriteAsync(KeepAlive, stop.Token).ConfigureAwait(false);
                    lastWrite = clock.GetTimestamp();
                }

                if (!readAgain)
                {
                    var lookAnyway = notifications.IsListening ? options.ResyncInterval : options.PollInterval;
                    var untilHeartbeat = options.HeartbeatInterval - clock.GetElapsedTime(lastWrite);
                    if (untilHeartbeat <= TimeSpan.Zero)
                    {
                        // The keep-alive is due now: round again to send it.
                    }
                    else if (untilHeartbeat < lookAnyway)
                    {
                        // Up at the heartbeat's time: read only if woken meanwhile, else the keep-alive goes out.
                        readAgain = await watch.WaitAsync(untilHeartbeat, stop.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        await watch.WaitAsync(lookAnyway, stop.Token).ConfigureAwait(false);
                        readAgain = true;
                    }
                }
                entries = readAgain ? await feed.ReadAfterAsync(requestId, lastId, stop.Token).ConfigureAwait(false) : [];
                readAgain = false;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            LiveStatusLog.Stopped(log, requestId, stopping.IsCancellationRequested ? "the host is stopping" : "the client went away", lastId);
        }
        catch (DbException ex)
        {
            // Ending the response lets an EventSource reconnect, perhaps to another instance, and resume after lastId.
            LiveStatusLog.DatabaseFailed(log, requestId, lastId, ex);
        }
    }

    /// <summary>The entries as SSE events; the last one is marked final when the stream closes after it.</summary>
    public static string Format(string requestId, IReadOnlyList<TimelineEvent> entries, bool lastIsFinal, JsonSerializerOptions json)
    {
        var text = new StringBuilder();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var data = new CheckoutStatusEvent(requestId, entry.State, entry.ReasonCode, entry.At, lastIsFinal && i == entries.Count - 1);
            text.Append(CultureInfo.InvariantCulture, $"id: {entry.Id}\n");
            // Serialized JSON has no raw line breaks, so one data line carries it.
            text.Append("data: ").Append(JsonSerializer.Serialize(data, json)).Append("\n\n");
        }
        return text.ToString();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CheckoutStatusEvent), [ContentType]));
}
