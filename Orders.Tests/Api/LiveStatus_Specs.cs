using System.Globalization;
using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

// GET /orders/checkout/{requestId}/events: the checkout's timeline as Server-Sent Events, read from PostgreSQL.

[TestFixture]
public class When_a_client_watches_a_checkout
{
    private static readonly bool[] OnlyTheLastIsFinal = [false, false, true];

    [Test]
    public async Task Should_see_every_transition_in_order_then_the_stream_ends()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await using var stream = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId);
        var events = await stream.ReadEventsToEndAsync();

        var polled = await caller.GetCheckoutAsync(requestId);
        Assert.Multiple(() =>
        {
            Assert.That(stream.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(stream.CacheControl, Does.Contain("no-cache"));
            Assert.That(events.Select(e => e.State), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(events.Select(e => e.EventId), Is.Ordered.Ascending.And.Unique);
            Assert.That(events.Select(e => e.Json.GetProperty("final").GetBoolean()), Is.EqualTo(OnlyTheLastIsFinal));
            Assert.That(events.Select(e => e.Json.Text("requestId")), Has.All.EqualTo(requestId));
            Assert.That(events.Select(e => e.Json.GetProperty("at").GetDateTimeOffset()),
                Is.EqualTo(polled.Json.Items("timeline").Select(t => t.GetProperty("at").GetDateTimeOffset())));
        });
    }

    [Test]
    public async Task Should_end_a_rejected_checkout_with_its_reason_code()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (404, 1));

        await using var stream = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId);
        var events = await stream.ReadEventsToEndAsync();

        Assert.That(events.Select(LiveStatus.Describe), Is.EqualTo(ApiJson.Names("Pricing", "Rejected OUT_OF_STOCK final")));
    }

    [Test]
    public async Task Should_resume_after_the_last_event_id_without_gaps_or_repeats()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        ServerSentFrame first;
        await using (var interrupted = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId))
            first = (await interrupted.NextEventAsync()).Event!;
        await using var resumed = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId, first.Id);
        var rest = await resumed.ReadEventsToEndAsync();
        await using var whole = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId);
        var all = await whole.ReadEventsToEndAsync();

        var seen = rest.Prepend(first).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(seen.Select(e => e.State), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(seen.Select(e => e.Id), Is.EqualTo(all.Select(e => e.Id)));
        });
    }

    [Test]
    public async Task Should_answer_204_to_a_resume_after_the_event_that_ended_it()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (1, 1));
        await using var whole = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId);
        var last = (await whole.ReadEventsToEndAsync())[^1];

        await using var resumed = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId, last.Id);

        Assert.That(resumed.Status, Is.EqualTo(HttpStatusCode.NoContent), () => resumed.Refusal!.ToString());
    }

    [Test]
    public async Task Should_show_a_cancellation_after_payment_on_a_stream_resumed_after_paid()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (1, 1));
        await using var first = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId);
        var paid = (await first.ReadEventsToEndAsync())[^1];

        await caller.CancelAsync(requestId);
        await using var resumed = await LiveStatus.OpenAsync(ApiHost.Shared, caller, requestId, paid.Id);
        var events = await resumed.ReadEventsToEndAsync();

        Assert.Multiple(() =>
        {
            Assert.That(LiveStatus.Describe(paid), Is.EqualTo("Paid final"));
            Assert.That(events.Select(LiveStatus.Describe), Is.EqualTo(ApiJson.Names("Refunding CANCELLED_BY_USER", "Cancelled CANCELLED_BY_USER final")));
        });
    }
}

[TestFixture]
public class When_a_stream_is_asked_for_wrongly
{
    [Test]
    public async Task Should_answer_404_to_another_user_exactly_as_for_an_unknown_checkout()
    {
        var owner = ApiHost.Shared.NewUser();
        var stranger = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await owner.CheckoutToEndAsync(requestId, (1, 1));

        await using var strangers = await LiveStatus.OpenAsync(ApiHost.Shared, stranger, requestId);
        await using var unknown = await LiveStatus.OpenAsync(ApiHost.Shared, stranger, ApiIds.NewRequestId("nop"));

        Assert.Multiple(() =>
        {
            Assert.That(strangers.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(strangers.Refusal!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(strangers.Refusal["title"], Is.EqualTo(unknown.Refusal!["title"]));
            Assert.That(strangers.Refusal.Text, Does.Not.Contain("Paid").And.Not.Contain("Pricing"));
        });
    }

    [Test]
    public async Task Should_answer_400_naming_a_missing_user_id_and_a_malformed_last_event_id()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));
        var headers = ApiEventSource.Identity(caller, lastEventId: "yesterday");
        headers.Remove("X-UserId");

        await using var stream = await ApiEventSource.OpenAsync(ApiHost.Shared.CreateClient(), LiveStatus.PathOf(requestId), headers);

        Assert.Multiple(() =>
        {
            Assert.That(stream.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stream.Refusal!.ErrorKeys, Is.EquivalentTo(ApiJson.Names("X-UserId", "Last-Event-ID")));
        });
    }
}

[TestFixture]
public class When_a_client_watches_through_another_instance
{
    [Test]
    public async Task Should_see_the_transitions_another_instance_made_from_the_shared_database()
    {
        await using var second = ApiReadOnlyInstance.On(ApiHost.Shared);
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 2));

        await using var stream = await ApiEventSource.OpenAsync(second.CreateClient(), LiveStatus.PathOf(requestId), ApiEventSource.Identity(caller));
        var events = await stream.ReadEventsToEndAsync();

        Assert.Multiple(() =>
        {
            Assert.That(LiveStatus.BackgroundServicesOf(second), Is.Empty, "the second instance must not handle messages");
            Assert.That(events.Select(LiveStatus.Describe), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid final")));
        });
    }
}

[TestFixture]
public class When_a_watched_checkout_waits_for_an_answer
{
    private static readonly TimeSpan PricingTimeout = TimeSpan.FromSeconds(2);
    private readonly ApiLogCapture _log = new();
    private ApiHost _host = null!;

    // No simulators: Product never answers, so the checkout stays in Pricing until its deadline makes it TimedOut.
    [OneTimeSetUp]
    public async Task Start_a_host_without_simulators() =>
        _host = await ApiHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Kafka:Simulators:Enabled"] = "false",
                ["Checkout:PricingTimeout"] = PricingTimeout.ToString("c", CultureInfo.InvariantCulture),
                ["LiveStatus:HeartbeatInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Orders.Api"] = "Information",
            },
            _log.AddTo);

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_send_keep_alive_comments_until_the_next_state_then_end()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await using var stream = await LiveStatus.OpenAsync(_host, caller, requestId);
        var (pricing, _) = await stream.NextEventAsync();
        var (timedOut, comments) = await stream.NextEventAsync();
        var end = await stream.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(LiveStatus.Describe(pricing!), Is.EqualTo("Pricing"));
            Assert.That(LiveStatus.Describe(timedOut!), Is.EqualTo("TimedOut PRODUCT_TIMED_OUT final"));
            Assert.That(comments, Has.Count.GreaterThanOrEqualTo(2).And.All.EqualTo("keep-alive"));
            Assert.That(end, Is.Null, "the stream should end after the final event");
        });
    }

    [Test]
    public async Task Should_deliver_a_transition_made_by_another_instance_while_it_streams()
    {
        await using var second = ApiReadOnlyInstance.On(_host);
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await using var stream = await ApiEventSource.OpenAsync(second.CreateClient(), LiveStatus.PathOf(requestId), ApiEventSource.Identity(caller));
        var (pricing, _) = await stream.NextEventAsync();
        var polledWhilePricing = await caller.GetCheckoutAsync(requestId);
        var (timedOut, _) = await stream.NextEventAsync();

        Assert.Multiple(() =>
        {
            Assert.That(LiveStatus.Describe(pricing!), Is.EqualTo("Pricing"));
            Assert.That(polledWhilePricing["state"], Is.EqualTo("Pricing"), "the stream must have been open before the deadline fired");
            Assert.That(LiveStatus.Describe(timedOut!), Is.EqualTo("TimedOut PRODUCT_TIMED_OUT final"));
        });
    }

    [Test]
    public async Task Should_stop_streaming_when_the_client_goes_away()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await using (var stream = await LiveStatus.OpenAsync(_host, caller, requestId))
            await stream.NextEventAsync();

        Assert.That(await LiveStatus.WaitForLineAsync(_log, requestId, "the client went away"), Is.True,
            $"no log line says the stream of {requestId} ended when its client left");
    }

    [Test]
    public async Task Should_end_open_streams_when_the_instance_stops()
    {
        var second = ApiReadOnlyInstance.On(_host);
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));
        await using var stream = await ApiEventSource.OpenAsync(second.CreateClient(), LiveStatus.PathOf(requestId), ApiEventSource.Identity(caller));
        await stream.NextEventAsync();

        var stopping = second.DisposeAsync().AsTask();
        var stopped = await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(5))) == stopping;
        var end = await stream.NextAsync(TimeSpan.FromSeconds(1));
        var polled = await caller.GetCheckoutAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(stopped, Is.True, "the instance should stop within 5 s while a stream is open");
            Assert.That(end, Is.Null, "the stream should end, so that the client reconnects to another instance");
            Assert.That(polled["state"], Is.EqualTo("Pricing"), "the stream must have been open (the checkout still pricing) when the instance stopped");
        });
    }
}

[TestFixture]
public class When_streams_are_woken_by_the_database
{
    private static readonly TimeSpan PricingTimeout = TimeSpan.FromSeconds(2);
    private ApiHost _host = null!;

    // Streams that would look only every 10 s (or 5 min when notified) unless the database's notification wakes them;
    // one stream at most; no simulators, so a checkout waits in Pricing until its deadline.
    [OneTimeSetUp]
    public async Task Start_a_host_that_keeps_one_stream() =>
        _host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:Simulators:Enabled"] = "false",
            ["Checkout:PricingTimeout"] = PricingTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["LiveStatus:PollInterval"] = "00:00:10",
            ["LiveStatus:ResyncInterval"] = "00:05:00",
            ["LiveStatus:HeartbeatInterval"] = "00:05:00",
            ["LiveStatus:MaxStreams"] = "1",
        });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_see_the_next_state_as_soon_as_it_is_committed_not_at_the_next_look()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await using var stream = await LiveStatus.OpenAsync(_host, caller, requestId);
        var (pricing, _) = await stream.NextEventAsync();
        var timedOutAt = DateTime.UtcNow;
        var (timedOut, _) = await stream.NextEventAsync(TimeSpan.FromSeconds(8));
        var committed = (await caller.GetCheckoutAsync(requestId)).Json.Items("timeline")[^1].GetProperty("at").GetDateTimeOffset();
        var seen = DateTimeOffset.UtcNow;

        Assert.Multiple(() =>
        {
            Assert.That(LiveStatus.Describe(pricing!), Is.EqualTo("Pricing"));
            Assert.That(timedOut, Is.Not.Null, $"no event within 8 s of {timedOutAt:O}: the stream was not woken by the database");
            Assert.That(LiveStatus.Describe(timedOut!), Is.EqualTo("TimedOut PRODUCT_TIMED_OUT final"));
            Assert.That(seen - committed, Is.LessThan(TimeSpan.FromSeconds(3)), "the stream saw the state long after it was committed");
        });
    }

    [Test]
    public async Task Should_refuse_a_stream_past_the_limit_with_503_and_take_one_again_once_a_place_is_free()
    {
        var caller = _host.NewUser();
        var first = ApiIds.NewRequestId();
        var second = ApiIds.NewRequestId();
        await caller.CheckoutAsync(first, (1, 1));
        await caller.CheckoutAsync(second, (1, 1));

        ApiResponse refused;
        await using (var open = await LiveStatus.OpenAsync(_host, caller, first))
        {
            await open.NextEventAsync();
            refused = await caller.SendAsync(HttpMethod.Get, LiveStatus.PathOf(second));
        }
        await using var later = await LiveStatus.OpenWhenFreeAsync(_host, caller, second);
        var (pricing, _) = await later.NextEventAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), refused.ToString);
            Assert.That(refused["reason"], Is.EqualTo("too_many_streams"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(LiveStatus.Describe(pricing!), Is.EqualTo("Pricing"), "a stream opens again once the other ended");
        });
    }
}

[TestFixture]
public class When_the_openapi_document_describes_the_event_stream
{
    [Test]
    public async Task Should_describe_the_stream_its_resume_header_and_answers()
    {
        var operation = await ApiDocument.OperationAsync(ApiHost.Shared, "/orders/checkout/{requestId}/events", "get");

        var responses = operation.GetProperty("responses");
        Assert.Multiple(() =>
        {
            Assert.That(operation.Text("summary"), Is.Not.Empty);
            Assert.That(operation.Text("description"), Does.Contain("Last-Event-ID").And.Contain("keep-alive"));
            Assert.That(responses.PropertyNames(), Is.EquivalentTo(ApiJson.Names("200", "204", "400", "404", "503")));
            Assert.That(responses.GetProperty("200").GetProperty("content").PropertyNames(), Is.EqualTo(ApiJson.Names("text/event-stream")));
            Assert.That(ApiDocument.Parameters(operation), Is.EquivalentTo(ApiJson.Names("path requestId", "header X-UserId", "header X-Email", "header Last-Event-ID")));
        });
    }
}
