using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_metrics_are_scraped
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host() => _host = await ApiHost.StartAsync();

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_answer_the_prometheus_text_format_with_the_saga_and_platform_instruments()
    {
        // The SDK exports an instrument once it has measured something: a paid and a rejected checkout measure them all
        // (but refusals, which CheckoutAdmission_Specs and BackPressure_Specs count).
        var caller = _host.NewUser();
        await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 1));
        await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (404, 1));
        // The database gauges show once the first count is done, a moment after the start; the consumer lag once the
        // saga endpoint measured it (every 2 s) after its partitions had records.
        var response = await Eventually.AnswersAsync(ScrapeAsync,
            r => PrometheusText.Parse(r.Text).Samples.Select(s => s.Name).ToHashSet() is var names && names.Contains("ordersaga_outbox_backlog") && names.Contains("ordersaga_kafka_consumer_lag"),
            "counted and measured");
        var metrics = PrometheusText.Parse(response.Text);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.MediaType, Is.EqualTo("text/plain"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_checkout_funnel_total").WithValue("counter"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_checkout_ended_total").WithValue("counter"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_checkout_state_duration_seconds").WithValue("histogram"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_reply_duration_seconds").WithValue("histogram"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_outbox_backlog").WithValue("gauge"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_dead_letters").WithValue("gauge"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_checkouts_stuck").WithValue("gauge"));
            Assert.That(metrics.Types, Does.ContainKey("ordersaga_kafka_consumer_lag").WithValue("gauge"));
            Assert.That(metrics.Samples.Where(s => s.Name == "ordersaga_kafka_consumer_lag").SelectMany(s => s.Labels.Keys),
                Does.Contain("messaging_destination_name").And.Contain("messaging_destination_partition_id"));
            // ASP.NET Core's, the runtime's and Npgsql's meters come along. (MassTransit's too, but it makes its meter once
            // per process, on the first host's meter factory, which goes with that host: only a process's first host has it.)
            Assert.That(metrics.Types, Does.ContainKey("http_server_request_duration_seconds").WithValue("histogram"));
            Assert.That(metrics.Types, Does.ContainKey("dotnet_thread_pool_thread_count").WithValue("gauge"));
            Assert.That(metrics.Types, Does.ContainKey("db_client_operation_duration_seconds").WithValue("histogram"));
        });
    }

    [Test]
    public async Task Should_move_the_funnel_the_final_states_and_the_latencies_after_checkouts()
    {
        var before = PrometheusText.Parse((await ScrapeAsync()).Text);
        var caller = _host.NewUser();

        await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 2));
        await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (404, 1));
        var after = PrometheusText.Parse((await ScrapeAsync()).Text);

        double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Multiple(() =>
        {
            Assert.That(Moved("ordersaga_checkout_funnel_total", ("stage", "started")), Is.EqualTo(2));
            Assert.That(Moved("ordersaga_checkout_funnel_total", ("stage", "priced")), Is.EqualTo(1));
            Assert.That(Moved("ordersaga_checkout_funnel_total", ("stage", "order_created")), Is.EqualTo(1));
            Assert.That(Moved("ordersaga_checkout_funnel_total", ("stage", "paid")), Is.EqualTo(1));
            Assert.That(Moved("ordersaga_checkout_ended_total", ("state", "Rejected")), Is.EqualTo(1));
            Assert.That(Moved("ordersaga_reply_duration_seconds_count", ("service", "product")), Is.EqualTo(2));
            Assert.That(Moved("ordersaga_reply_duration_seconds_count", ("service", "payment")), Is.EqualTo(1));
            Assert.That(Moved("ordersaga_reply_duration_seconds_sum", ("service", "product")), Is.GreaterThan(0));
            Assert.That(Moved("ordersaga_checkout_state_duration_seconds_count", ("state", "Pricing")), Is.EqualTo(2));
            Assert.That(Moved("ordersaga_checkout_state_duration_seconds_count", ("state", "AwaitingPayment")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_write_histograms_with_cumulative_buckets_ending_in_the_count()
    {
        await _host.NewUser().CheckoutToEndAsync(ApiIds.NewRequestId(), (3, 1));
        var metrics = PrometheusText.Parse((await ScrapeAsync()).Text);

        var buckets = metrics.Samples.Where(s => s.Name == "ordersaga_reply_duration_seconds_bucket" && s.Labels["service"] == "payment").ToList();
        var bounds = buckets.Select(b => b.Labels["le"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bounds, Has.Count.GreaterThan(2).And.Contains("+Inf"));
            Assert.That(bounds[^1], Is.EqualTo("+Inf"));
            Assert.That(buckets.Select(b => b.Value), Is.Ordered, "buckets are cumulative");
            Assert.That(buckets[^1].Value, Is.EqualTo(metrics.Value("ordersaga_reply_duration_seconds_count", ("service", "payment"))));
            Assert.That(buckets[^1].Value, Is.GreaterThanOrEqualTo(1));
        });
    }

    private Task<ApiResponse> ScrapeAsync() => _host.NewUser().SendAsync(HttpMethod.Get, "/metrics", withIdentity: false);
}
