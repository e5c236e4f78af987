using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orders.KafkaBroker.Embedded;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_everything_the_service_needs_is_up
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host() => _host = await ApiHost.StartAsync();

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_be_live_without_checking_dependencies()
    {
        var live = await _host.NewUser().SendAsync(HttpMethod.Get, "/health/live", withIdentity: false);

        Assert.Multiple(() =>
        {
            Assert.That(live.Status, Is.EqualTo(HttpStatusCode.OK), live.ToString);
            Assert.That(live.MediaType, Is.EqualTo("application/json"));
            Assert.That(live["status"], Is.EqualTo("Healthy"));
            Assert.That(live.Json.GetProperty("checks").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Should_be_ready_listing_postgres_kafka_and_the_outbox()
    {
        var ready = await _host.NewUser().ReadyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), ready.ToString);
            Assert.That(ready["status"], Is.EqualTo("Healthy"));
            Assert.That(ready.CheckStatus("postgres"), Is.EqualTo("Healthy"), ready.ToString);
            Assert.That(ready.CheckStatus("kafka"), Is.EqualTo("Healthy"), ready.ToString);
            Assert.That(ready.CheckStatus("outbox"), Is.EqualTo("Healthy"), ready.ToString);
        });
    }
}

[TestFixture]
public class When_the_kafka_broker_goes_down
{
    [Test]
    public async Task Should_not_be_ready_while_it_is_down_and_be_ready_again_when_it_is_back()
    {
        await using var host = await ApiHost.StartAsync();
        var caller = host.NewUser();
        await Eventually.AnswersAsync(caller.ReadyAsync, r => r.Status == HttpStatusCode.OK, "ready at start");
        var broker = host.Services.GetRequiredService<InProcessKafkaBroker>().Broker;

        broker.SetBrokerDown(EmbeddedKafkaBroker.AllBrokers);
        var down = await Eventually.AnswersAsync(caller.ReadyAsync, r => r.Status == HttpStatusCode.ServiceUnavailable, "unready with the broker down");
        var live = await caller.SendAsync(HttpMethod.Get, "/health/live", withIdentity: false);
        broker.SetBrokerUp(EmbeddedKafkaBroker.AllBrokers);
        var back = await Eventually.AnswersAsync(caller.ReadyAsync, r => r.Status == HttpStatusCode.OK, "ready with the broker back");

        Assert.Multiple(() =>
        {
            Assert.That(down["status"], Is.EqualTo("Unhealthy"));
            Assert.That(down.CheckStatus("kafka"), Is.EqualTo("Unhealthy"), down.ToString);
            Assert.That(down.CheckDescription("kafka"), Does.Contain(broker.BootstrapServers), down.ToString);
            Assert.That(down.CheckStatus("postgres"), Is.EqualTo("Healthy"), down.ToString);
            Assert.That(live.Status, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on Kafka");
            Assert.That(back.CheckStatus("kafka"), Is.EqualTo("Healthy"), back.ToString);
        });
    }
}
