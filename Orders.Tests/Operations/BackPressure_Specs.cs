using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orders.KafkaBroker.Embedded;
using Orders.KafkaBroker.Hosting;
using Orders.StateMachine.Metrics;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_the_saga_falls_behind
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_with_low_bounds() => _host = await ApiHost.StartAsync(new Dictionary<string, string?>
    {
        ["Operations:MaxOutboxBacklog"] = "2",
        ["Operations:MaxConsumerLag"] = "100",
        ["Operations:RefreshInterval"] = "00:00:00.200",
        ["Operations:StuckAfter"] = "00:00:01",
    });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_refuse_new_checkouts_while_the_outbox_backlog_is_over_its_bound_and_take_them_again_once_it_drains()
    {
        var caller = _host.NewUser();
        var broker = _host.Services.GetRequiredService<InProcessKafkaBroker>().Broker;
        var waiting = Enumerable.Range(0, 3).Select(_ => ApiIds.NewRequestId()).ToList();

        // With Kafka gone, the outbox cannot deliver: each accepted checkout leaves its Product request behind.
        broker.SetBrokerDown(EmbeddedKafkaBroker.AllBrokers);
        foreach (var requestId in waiting)
            Assert.That((await caller.CheckoutAsync(requestId, (1, 1))).Status, Is.EqualTo(HttpStatusCode.Accepted));
        var refused = await Eventually.AnswersAsync(() => caller.CheckoutAsync(ApiIds.NewRequestId(), (1, 1)),
            r => r.Status == HttpStatusCode.ServiceUnavailable, "refused with the backlog over 2");
        var poll = await caller.GetCheckoutAsync(waiting[0]);
        var stuck = PrometheusText.Parse((await Eventually.AnswersAsync(Scrape(caller),
            r => PrometheusText.Parse(r.Text).Value("ordersaga_checkouts_stuck") >= 3, "three stuck checkouts")).Text);

        broker.SetBrokerUp(EmbeddedKafkaBroker.AllBrokers);
        var requestIdAfter = ApiIds.NewRequestId();
        await Eventually.AnswersAsync(() => caller.CheckoutAsync(requestIdAfter, (1, 1)), r => r.Status == HttpStatusCode.Accepted, "accepted once the backlog drained");
        var scraped = PrometheusText.Parse((await Scrape(caller)()).Text);

        Assert.Multiple(() =>
        {
            Assert.That(refused.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(refused["reason"], Is.EqualTo("outbox_backlog"), refused.ToString);
            Assert.That(refused["detail"], Does.Contain("outbox").And.Contain("Operations:MaxOutboxBacklog"), refused.ToString);
            Assert.That(poll.Status, Is.EqualTo(HttpStatusCode.OK), "polls go on while checkouts are refused");
            Assert.That(stuck.Value("ordersaga_outbox_backlog"), Is.GreaterThanOrEqualTo(3));
            Assert.That(scraped.Value("ordersaga_checkouts_refused_total", ("reason", "outbox_backlog")), Is.GreaterThanOrEqualTo(1));
        });
        // Nothing accepted is lost: the checkouts that waited behind the outage go on to the end.
        foreach (var requestId in waiting.Append(requestIdAfter))
            await caller.WaitForStateAsync(requestId, TimeSpan.FromSeconds(25), "Paid");
    }

    [Test]
    public async Task Should_refuse_new_checkouts_while_the_consumer_lag_is_over_its_bound()
    {
        var caller = _host.NewUser();
        var topic = $"lag-test-{Guid.NewGuid():N}";
        HttpStatusCode accepted;
        ApiResponse refused;
        try
        {
            OrderMetrics.RecordConsumerLag(topic, 0, 80);
            OrderMetrics.RecordConsumerLag(topic, 1, 21);
            refused = await caller.CheckoutAsync(ApiIds.NewRequestId(), (1, 1));
        }
        finally
        {
            OrderMetrics.ForgetConsumerLag(topic, 0);
            OrderMetrics.ForgetConsumerLag(topic, 1);
        }
        accepted = (await caller.CheckoutAsync(ApiIds.NewRequestId(), (1, 1))).Status;

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), refused.ToString);
            Assert.That(refused["reason"], Is.EqualTo("consumer_lag"), refused.ToString);
            Assert.That(refused["value"], Is.EqualTo("101"), refused.ToString);
            Assert.That(refused["detail"], Does.Contain("Operations:MaxConsumerLag"), refused.ToString);
            Assert.That(accepted, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    private static Func<Task<ApiResponse>> Scrape(ApiCaller caller) => () => caller.SendAsync(HttpMethod.Get, "/metrics", withIdentity: false);
}
