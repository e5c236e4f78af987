using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orders.Api.Operations;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_more_checkouts_arrive_at_once_than_the_admission_bounds_allow
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_that_records_one_checkout_at_a_time_with_one_waiting() => _host = await ApiHost.StartAsync(new Dictionary<string, string?>
    {
        ["Operations:MaxConcurrentCheckouts"] = "1",
        ["Operations:CheckoutQueueLimit"] = "1",
    });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_refuse_the_one_too_many_at_once_record_nothing_of_it_and_take_it_when_sent_again()
    {
        var caller = _host.NewUser();
        // A submission whose body is still arriving holds its place: one of these two is being recorded, the other waits.
        var (first, firstBody) = (ApiIds.NewRequestId(), new HeldBody());
        var (second, secondBody) = (ApiIds.NewRequestId(), new HeldBody());
        var firstAnswer = caller.PostCheckoutAsync(firstBody);
        var secondAnswer = caller.PostCheckoutAsync(secondBody);
        await Task.WhenAll(firstBody.Started, secondBody.Started);
        await WaitForAdmissionAsync(caller, permitsHeld: 1, queued: 1);

        var third = ApiIds.NewRequestId();
        var refused = await caller.CheckoutAsync(third, (1, 1));
        var legacyRefused = await caller.SendAsync(HttpMethod.Post, "/Order/Order-Summary",
            ApiCaller.Json($$"""{"items":[{"id":1,"quantity":1}],"requestId":"{{ApiIds.NewRequestId()}}"}"""));
        var pollMeanwhile = await caller.GetCheckoutAsync(third);

        firstBody.Release(ApiCaller.CheckoutJson(first, (1, 1)));
        secondBody.Release(ApiCaller.CheckoutJson(second, (2, 1)));
        var firstStatus = (await firstAnswer).Status;
        var secondStatus = (await secondAnswer).Status;
        var thirdAgain = await caller.CheckoutAsync(third, (1, 1));
        var scraped = PrometheusText.Parse((await caller.SendAsync(HttpMethod.Get, "/metrics", withIdentity: false)).Text);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), refused.ToString);
            Assert.That(refused.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(refused["reason"], Is.EqualTo("too_many_checkouts"), refused.ToString);
            Assert.That(refused["detail"], Does.Contain("Operations:MaxConcurrentCheckouts").And.Contain("Operations:CheckoutQueueLimit"), refused.ToString);
            Assert.That(legacyRefused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the gateway's submission shares the bound");
            Assert.That(legacyRefused["reason"], Is.EqualTo("too_many_checkouts"), legacyRefused.ToString);
            Assert.That(pollMeanwhile.Status, Is.EqualTo(HttpStatusCode.NotFound), "nothing of a refused checkout is recorded, and polls are not bounded");
            Assert.That(firstStatus, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(secondStatus, Is.EqualTo(HttpStatusCode.Accepted), "the waiting submission is taken in its turn");
            Assert.That(thirdAgain.Status, Is.EqualTo(HttpStatusCode.Accepted), "the refused request, sent again, is taken");
            Assert.That(scraped.Value("ordersaga_checkouts_refused_total", ("reason", "too_many_checkouts")), Is.EqualTo(2));
        });
        foreach (var requestId in new[] { first, second, third })
            await caller.WaitForStateAsync(requestId, TimeSpan.FromSeconds(25), "Paid");
    }

    /// <summary>
    /// Waits until ASP.NET Core's concurrency limiter of the admission policy shows the submissions at work and waiting
    /// (its <c>aspnetcore.rate_limiting</c> instruments on /metrics), so the next one meets full bounds.
    /// </summary>
    private static async Task WaitForAdmissionAsync(ApiCaller caller, double permitsHeld, double queued) =>
        await Eventually.AnswersAsync(
            () => caller.SendAsync(HttpMethod.Get, "/metrics", withIdentity: false),
            r => PrometheusText.Parse(r.Text) is var scraped
                && scraped.Value("aspnetcore_rate_limiting_active_request_leases", Policy) == permitsHeld
                && scraped.Value("aspnetcore_rate_limiting_queued_requests", Policy) == queued,
            $"{permitsHeld} checkout holding the admission permit and {queued} waiting");

    private static readonly (string, string) Policy = ("aspnetcore_rate_limiting_policy", CheckoutAdmission.Policy);

    /// <summary>A JSON body that is sent only when the test releases it; <see cref="Started"/> completes once the client starts sending it.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<string> _json = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody() => Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        public Task Started => _started.Task;

        public void Release(string json) => _json.SetResult(json);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _started.TrySetResult();
            var json = await _json.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
