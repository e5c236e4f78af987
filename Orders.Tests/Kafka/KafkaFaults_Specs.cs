using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Embedded;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// The service through Kafka failures: the broker gone for a while, gone at the start, and the service
/// stopped and started again in the middle of a batch. Nothing accepted is lost and nothing happens twice.
/// </summary>
[TestFixture]
public sealed class KafkaFaults_Specs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Test]
    public async Task A_broker_down_for_seconds_in_the_middle_of_100_checkouts_delays_them_and_loses_none()
    {
        await using var host = await ApiHost.StartAsync();
        var broker = host.Services.GetRequiredService<InProcessKafkaBroker>();
        var batch = Batch("outage", 100);

        var accepted = 0;
        var outage = Task.CompletedTask;
        var responses = await ForEachAsync(batch, 10, async c =>
        {
            var response = await host.As(c.UserId).CheckoutAsync(c.RequestId, c.Line);
            if (Interlocked.Increment(ref accepted) == 30)
                outage = Outage(broker.Broker, TimeSpan.FromSeconds(5));
            return response;
        });
        await outage;

        await AssertAllPaidOnceAsync(host, host, broker.BootstrapServers, batch, responses);
    }

    [Test]
    public async Task Started_while_the_broker_is_down_it_waits_and_works_once_the_broker_is_up()
    {
        using var broker = ServiceBroker.Start();
        broker.Broker.SetBrokerDown(EmbeddedKafkaBroker.AllBrokers);
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = broker.BootstrapServers });
        var caller = host.NewUser();
        var id = ApiIds.NewRequestId("late-broker");

        var accepted = await caller.CheckoutAsync(id, (5, 1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var waiting = await caller.GetCheckoutAsync(id);
        var notReady = await caller.SendAsync(HttpMethod.Get, "/health/ready", withIdentity: false);

        broker.Broker.SetBrokerUp(EmbeddedKafkaBroker.AllBrokers);
        var final = await caller.WaitForStateAsync(id, Settle, ApiCaller.FinalStates);
        var ready = await caller.SendAsync(HttpMethod.Get, "/health/ready", withIdentity: false);

        Assert.Multiple(() =>
        {
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), "the checkout is recorded in PostgreSQL; Kafka is needed only to carry it on");
            Assert.That(waiting["state"], Is.EqualTo("Pricing"));
            Assert.That(notReady.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready while the broker is down: " + notReady);
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), "ready once it is up: " + ready);
            Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("Paid"));
        });
    }

    [Test]
    public async Task Stopped_and_started_again_in_the_middle_of_a_batch_it_finishes_every_checkout_once()
    {
        using var broker = ServiceBroker.Start();
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = broker.BootstrapServers,
            [Orders.Persistence.OrdersConnectionString.Key] = database.ConnectionString,
        };
        var batch = Batch("restart", 60);

        IReadOnlyList<ApiResponse> responses;
        await using (var first = await ApiHost.StartAsync(settings))
            responses = await ForEachAsync(batch, 10, c => first.As(c.UserId).CheckoutAsync(c.RequestId, c.Line));

        // The first host stopped with checkouts in every stage; the second picks up its partitions and its outbox.
        await using var second = await ApiHost.StartAsync(settings);
        await AssertAllPaidOnceAsync(second, second, broker.BootstrapServers, batch, responses);
    }

    private static List<(string RequestId, long UserId, (int, int) Line)> Batch(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => (ApiIds.NewRequestId(prefix), ApiIds.NextUserId(), (i % 50 + 1, i % 3 + 1))).ToList();

    private static async Task Outage(EmbeddedKafkaBroker broker, TimeSpan length)
    {
        broker.SetBrokerDown(EmbeddedKafkaBroker.AllBrokers);
        await Task.Delay(length);
        broker.SetBrokerUp(EmbeddedKafkaBroker.AllBrokers);
    }

    private static async Task<IReadOnlyList<ApiResponse>> ForEachAsync<T>(IEnumerable<T> items, int atOnce, Func<T, Task<ApiResponse>> send)
    {
        using var gate = new SemaphoreSlim(atOnce);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await send(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task AssertAllPaidOnceAsync(ApiHost reader, ApiHost database, string bootstrap,
        List<(string RequestId, long UserId, (int, int) Line)> batch, IReadOnlyList<ApiResponse> responses)
    {
        var final = await Task.WhenAll(batch.Select(c => reader.As(c.UserId).WaitForStateAsync(c.RequestId, Settle, ApiCaller.FinalStates)));
        var ids = batch.Select(c => c.RequestId).ToHashSet();

        using var paymentRequests = new TopicLog(bootstrap, TopicNames.PaymentRequests);
        paymentRequests.ReadUntil(r => ids.IsSubsetOf(r.Select(x => x.Message.Key)), TimeSpan.FromSeconds(30), "a payment request for every checkout");
        paymentRequests.ReadAll(TimeSpan.FromSeconds(1));
        var requestsPerCheckout = new ConcurrentDictionary<string, int>();
        foreach (var id in ids)
            requestsPerCheckout[id] = paymentRequests.Keyed(id).Select(r => TopicLog.Header(r, MessageHeaders.MessageId)).Distinct().Count();

        await using var db = database.CreateDbContext();
        var ordersPerCheckout = await db.Orders.Where(o => ids.Contains(o.RequestId)).GroupBy(o => o.RequestId).Select(g => g.Count()).ToListAsync();

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.Accepted));
            Assert.That(final.Select(f => f.GetProperty("state").GetString()), Is.All.EqualTo("Paid"));
            Assert.That(ordersPerCheckout, Has.Count.EqualTo(batch.Count).And.All.EqualTo(1), "one order per checkout");
            Assert.That(requestsPerCheckout.Values, Is.All.EqualTo(1), "one payment request per checkout (a redelivered copy keeps its message-id)");
        });
    }
}
