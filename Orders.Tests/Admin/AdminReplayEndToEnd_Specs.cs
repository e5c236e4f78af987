using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>
/// A dead letter replayed through the admin API goes back through the saga's topic endpoint: an answer that
/// came before its checkout existed is set aside, and once the checkout exists a replay applies it, once.
/// </summary>
[TestFixture]
public sealed class When_an_operator_replays_a_dead_letter_end_to_end
{
    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // Nobody answers for Product: the test does, with the JSON of docs/messages.md.
        _host = await ApiHost.StartAsync(AdminSetup.WithKey(new() { ["Kafka:Simulators:Enabled"] = "false" }));
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public ValueTask Stop() => _host.DisposeAsync();

    [Test]
    public async Task Should_apply_it_once_and_refuse_a_second_replay()
    {
        var id = ApiIds.NewRequestId("replay");
        using (var producer = KafkaRecords.Producer(_bootstrap))
            await producer.ProduceAsync(TopicNames.ProductResponses, id, DocsExamples.For(DocsExamples.ProductResponse, id));
        var deadLetterId = await WaitForDeadLetterAsync(id);

        var caller = _host.NewUser();
        Assert.That((await caller.CheckoutAsync(id, (1, 2), (2, 1))).Status, Is.EqualTo(HttpStatusCode.Accepted));
        await caller.WaitForStateAsync(id, "Pricing");

        var admin = AdminCaller.Of(_host, AdminSetup.Key, "replay-test");
        var first = await admin.PostAsync($"/admin/dead-letters/{deadLetterId}/replay");
        var priced = await caller.WaitForStateAsync(id, TimeSpan.FromSeconds(20), "AwaitingPayment");
        var second = await admin.PostAsync($"/admin/dead-letters/{deadLetterId}/replay");

        using var paymentRequests = new TopicLog(_bootstrap, TopicNames.PaymentRequests);
        paymentRequests.ReadUntil(r => r.Any(x => x.Message.Key == id), TimeSpan.FromSeconds(15), "the payment request");
        paymentRequests.ReadAll(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.ToString);
            Assert.That(priced.GetProperty("totalAmount").GetDecimal(), Is.EqualTo(6.97m));
            Assert.That(second.Status, Is.EqualTo(HttpStatusCode.Conflict), second.ToString);
            Assert.That(paymentRequests.Keyed(id).Count(), Is.EqualTo(1), "payment requests");
        });
    }

    private async Task<long> WaitForDeadLetterAsync(string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = _host.CreateDbContext();
            if (await db.DeadLetters.Where(d => d.RequestId == requestId).Select(d => (long?)d.Id).FirstOrDefaultAsync() is { } id)
                return id;
            await Task.Delay(100);
        }
        Assert.Fail($"no dead letter for {requestId}");
        return 0;
    }
}
