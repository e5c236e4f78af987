using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.Persistence;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

// Several instances of the service at once, each a process of its own, on one database and one consumer group.

[TestFixture]
public class When_three_instances_share_the_checkouts
{
    private const int Checkouts = 600;
    private const int AtOnce = 30;
    private static readonly string[] CreatedThenPaid = ["order.created", "order.paid"];

    [Test]
    public async Task Should_pay_every_one_once_with_its_events_in_order_while_each_instance_holds_a_share()
    {
        await using var cluster = await ServiceCluster.StartAsync(3);
        await cluster.WaitForSharedWorkAsync();

        var ids = Enumerable.Range(0, Checkouts).Select(i => ApiIds.NewRequestId($"three{i}")).ToArray();
        var userId = ApiIds.NextUserId();
        var acceptedBy = await ScaleOut.DriveAsync(cluster, ids, userId, AtOnce);
        var final = await Task.WhenAll(ids.Select(id => cluster.FinalStateAsync(id, userId)));
        var work = await cluster.WorkAsync();

        using var orders = new TopicLog(cluster.Broker.BootstrapServers, TopicNames.Orders, ServiceCluster.Partitions);
        orders.ReadUntil(r => r.Select(x => x.Message.Key).Distinct().Count() >= Checkouts && ScaleOut.PaidKeys(r).Count >= Checkouts,
            TimeSpan.FromSeconds(60), "order.paid of every checkout");
        using var payments = new TopicLog(cluster.Broker.BootstrapServers, TopicNames.PaymentRequests, ServiceCluster.Partitions);
        payments.ReadUntil(r => r.Select(x => x.Message.Key).Distinct().Count() >= Checkouts, TimeSpan.FromSeconds(60), "a payment request of every checkout");
        var rows = await ScaleOut.RowsAsync(cluster.Database.ConnectionString);

        Assert.Multiple(() =>
        {
            Assert.That(final, Is.All.EqualTo("Paid"));
            Assert.That(acceptedBy.Values.Select(v => v.Count), Has.All.GreaterThan(Checkouts / 6), "the checkouts were spread over the instances");
            Assert.That(work.Select(w => w.Partitions.Count), Has.All.GreaterThan(0), "each instance reads some partitions");
            Assert.That(work.Select(w => w.OutboxShards.Count), Has.All.GreaterThan(0), "each instance relays some outbox shards");
            Assert.That(rows.OrdersPerCheckout.Values, Has.All.EqualTo(1), "one order each");
            Assert.That(rows.OrdersPerCheckout.Keys, Is.EquivalentTo(ids));
            Assert.That(ScaleOut.MessagesPerCheckout(payments.ReadAll(TimeSpan.FromSeconds(1)), ids), Has.All.EqualTo(1), "one payment request (message id) each");
            foreach (var id in ids)
                Assert.That(ScaleOut.FirstOccurrences(orders.Keyed(id)), Is.EqualTo(CreatedThenPaid), $"the events of {id}, each first copy in order");
        });
    }
}

[TestFixture]
public class When_an_instance_is_killed_under_load_and_another_starts
{
    private const int Checkouts = 300;
    private const int AtOnce = 20;
    private const int AcceptedBeforeTheKill = 80;

    /// <summary>The session timeout the instances run with (ServiceSettings), after which the group drops a member that died.</summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMilliseconds(int.Parse(ServiceBroker.SessionTimeoutMs, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// How long the hand-over may take: the session timeout until the group drops the dead member, and as much again
    /// for the rebalance, since the newcomer's join (started at the kill) can wait for the dead member until its session
    /// expires and cooperative rebalancing then takes two rounds (revoke, assign), plus 5 s for the test's polling and a
    /// loaded machine. Measured 8 to 13 s with a 6 s session timeout; a member found dead only by max.poll.interval.ms
    /// (300 s) or never would be far over it.
    /// </summary>
    private static readonly TimeSpan HandOverBound = SessionTimeout + SessionTimeout + TimeSpan.FromSeconds(5);

    [Test]
    public async Task Should_finish_every_accepted_checkout_once_and_hand_the_dead_ones_partitions_over_once_the_session_times_out_and_the_group_rebalances()
    {
        await using var cluster = await ServiceCluster.StartAsync(2);
        await cluster.WaitForSharedWorkAsync();
        var ids = Enumerable.Range(0, Checkouts).Select(i => ApiIds.NewRequestId($"killed{i}")).ToArray();
        var userId = ApiIds.NextUserId();
        var victim = cluster.Live[0];

        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepted = 0;
        var load = ScaleOut.DriveAsync(cluster, ids, userId, AtOnce, onAccepted: () =>
        {
            if (Interlocked.Increment(ref accepted) >= AcceptedBeforeTheKill)
                enough.TrySetResult();
        });
        await Task.WhenAny(enough.Task, load);
        var killedAt = Stopwatch.StartNew();
        cluster.Kill(victim);
        var joining = cluster.AddAsync();

        // Handed over: the survivor (and then the newcomer) reads every partition, with the dead member's taken over.
        var survivor = cluster.Live[0];
        TimeSpan? handedOver = null;
        while (killedAt.Elapsed < SessionTimeout + TimeSpan.FromSeconds(30) && handedOver is null)
        {
            var work = await cluster.WorkAsync();
            if (work.SelectMany(w => w.Partitions).Distinct().Count() == ServiceCluster.SagaPartitions.Count)
                handedOver = killedAt.Elapsed;
            else
                await Task.Delay(200);
        }
        await TestContext.Out.WriteLineAsync($"The dead instance's partitions were read again {handedOver?.TotalSeconds:F1} s after the kill (session timeout {SessionTimeout.TotalSeconds} s)");
        await joining;
        await load;
        await cluster.WaitForSharedWorkAsync();
        var final = await Task.WhenAll(ids.Select(id => cluster.FinalStateAsync(id, userId)));
        var rows = await ScaleOut.RowsAsync(cluster.Database.ConnectionString);
        using var payments = new TopicLog(cluster.Broker.BootstrapServers, TopicNames.PaymentRequests, ServiceCluster.Partitions);
        payments.ReadUntil(r => r.Select(x => x.Message.Key).Distinct().Count() >= Checkouts, TimeSpan.FromSeconds(60), "a payment request of every checkout");

        Assert.Multiple(() =>
        {
            Assert.That(handedOver, Is.Not.Null.And.LessThanOrEqualTo(HandOverBound),
                $"the dead instance's partitions were read again after {handedOver?.TotalSeconds:F1} s (session timeout {SessionTimeout.TotalSeconds} s); the survivor wrote:\n{survivor.Output}");
            Assert.That(final, Is.All.EqualTo("Paid"), "every checkout, accepted by the dead instance or not, ends Paid");
            Assert.That(rows.OrdersPerCheckout.Values, Has.All.EqualTo(1), "nothing ordered twice");
            Assert.That(rows.OrdersPerCheckout.Keys, Is.EquivalentTo(ids));
            Assert.That(ScaleOut.MessagesPerCheckout(payments.ReadAll(TimeSpan.FromSeconds(1)), ids), Has.All.EqualTo(1), "nothing charged twice (one payment request message id each)");
        });
    }
}

[TestFixture]
public class When_two_instances_sweep_deadlines_and_relay_at_once
{
    private const int Checkouts = 100;

    [Test]
    public async Task Should_fire_each_deadline_once_and_deliver_each_outbox_row_once()
    {
        // Nobody answers for Product: every checkout waits for its deadline, which both instances' sweepers look for.
        await using var cluster = await ServiceCluster.StartAsync(2, settings =>
        {
            settings["Kafka__Simulators__Enabled"] = "false";
            settings["Checkout__PricingTimeout"] = "00:00:02";
            settings["Checkout__DeadlineSweepInterval"] = "00:00:00.2";
        });
        await cluster.WaitForSharedWorkAsync();
        var ids = Enumerable.Range(0, Checkouts).Select(i => ApiIds.NewRequestId($"deadline{i}")).ToArray();
        var userId = ApiIds.NextUserId();
        // In waves over about 2.5 s, so the deadlines fall due across many ticks of both sweepers: sent all at once they
        // can all fall due between one sweeper's tick and the other's, and the first takes every one (a CI run saw 100 to 0).
        foreach (var wave in ids.Chunk(10))
        {
            await ScaleOut.DriveAsync(cluster, wave, userId, 10);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        var final = await Task.WhenAll(ids.Select(id => cluster.FinalStateAsync(id, userId)));

        using var requests = new TopicLog(cluster.Broker.BootstrapServers, TopicNames.ProductRequests, ServiceCluster.Partitions);
        requests.ReadUntil(r => r.Select(x => x.Message.Key).Distinct().Count() >= Checkouts, TimeSpan.FromSeconds(60), "a product request of every checkout");
        // Each instance counts the deadlines its sweeper fired. Every checkout timed out, so each deadline fired at least
        // once; a sum of exactly one per checkout then means none fired twice.
        var firedBy = (await cluster.MetricsAsync()).Select(m => m.Value("ordersaga_deadlines_fired_total")).ToList();
        await TestContext.Out.WriteLineAsync($"Deadlines fired by each instance: {string.Join(", ", firedBy)}");

        Assert.Multiple(() =>
        {
            Assert.That(final, Is.All.EqualTo("TimedOut"));
            Assert.That(firedBy.Sum(), Is.EqualTo(Checkouts), "each deadline fired exactly once, by one of the two sweepers");
            Assert.That(firedBy, Has.All.GreaterThan(0), "both sweepers fired some");
            Assert.That(ScaleOut.MessagesPerCheckout(requests.ReadAll(TimeSpan.FromSeconds(1)), ids), Has.All.EqualTo(1), "one product request (message id) each");
        });
    }
}

/// <summary>What the scale-out tests do alike: drive checkouts over the instances, and read what they left.</summary>
internal static class ScaleOut
{
    /// <summary>Sends the checkouts, <paramref name="atOnce"/> at a time, to the instances in turn; returns who accepted which.</summary>
    public static async Task<ConcurrentDictionary<ApiProcess, ConcurrentBag<string>>> DriveAsync(
        ServiceCluster cluster, string[] ids, long userId, int atOnce, Action? onAccepted = null)
    {
        var acceptedBy = new ConcurrentDictionary<ApiProcess, ConcurrentBag<string>>();
        using var slots = new SemaphoreSlim(atOnce);
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await slots.WaitAsync();
            try
            {
                var instance = await cluster.CheckoutAsync(id, userId, (i % 50 + 1, i % 3 + 1));
                Assert.That(instance, Is.Not.Null, $"no instance accepted {id}");
                acceptedBy.GetOrAdd(instance!, _ => []).Add(id);
                onAccepted?.Invoke();
            }
            finally
            {
                slots.Release();
            }
        }));
        return acceptedBy;
    }

    /// <summary>Per checkout, how many different message ids its records on the topic carry (copies of one are a redelivery).</summary>
    public static List<int> MessagesPerCheckout(IReadOnlyList<Confluent.Kafka.ConsumeResult<string, string>> records, string[] ids)
    {
        var byKey = records.GroupBy(r => r.Message.Key).ToDictionary(g => g.Key, g => g.Select(r => TopicLog.Header(r, MessageHeaders.MessageId)).Distinct().Count());
        return ids.Select(id => byKey.GetValueOrDefault(id)).ToList();
    }

    public static HashSet<string> PaidKeys(IReadOnlyList<Confluent.Kafka.ConsumeResult<string, string>> records) =>
        records.Where(r => TopicLog.Json(r)["type"]?.GetValue<string>() == "order.paid").Select(r => r.Message.Key).ToHashSet();

    /// <summary>The types of a checkout's lifecycle events in the order their first copies came, each message id once.</summary>
    public static List<string> FirstOccurrences(IEnumerable<Confluent.Kafka.ConsumeResult<string, string>> records) =>
        records.DistinctBy(r => TopicLog.Header(r, MessageHeaders.MessageId)).Select(r => TopicLog.Json(r)["type"]!.GetValue<string>()).ToList();

    public static async Task<(Dictionary<string, int> OrdersPerCheckout, int Sagas)> RowsAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OrdersConnectionString.Key] = connectionString }).Build();
        await using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();
        var orders = await db.Orders.GroupBy(o => o.RequestId).ToDictionaryAsync(g => g.Key, g => g.Count());
        return (orders, await db.Checkouts.CountAsync());
    }
}
