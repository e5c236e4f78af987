using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Kafka.Consuming;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// A second service instance joining the saga's consumer group takes over some partitions; the first keeps the
/// others without stopping them (cooperative rebalancing), and checkouts go on through both.
/// </summary>
[TestFixture]
public sealed partial class When_a_second_instance_joins_the_saga_group
{
    private const int PartitionsPerTopic = 6;
    private const int SagaPartitions = 3 * PartitionsPerTopic; // product-responses, payment-responses, shipments
    private static readonly TimeSpan Rebalance = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Should_stop_only_the_partitions_it_hands_over_and_keep_checkouts_flowing()
    {
        using var broker = ServiceBroker.Start(PartitionsPerTopic);
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = broker.BootstrapServers,
            [Orders.Persistence.OrdersConnectionString.Key] = database.ConnectionString,
            [$"Logging:LogLevel:{typeof(SagaTopicEndpoint).FullName}"] = "Information",
        };
        var firstLog = new CapturedLogs();
        var secondLog = new CapturedLogs();

        await using var first = await ApiHost.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(firstLog));
        var warmUp = await first.NewUser().CheckoutToEndAsync(ApiIds.NewRequestId("rebalance-warm-up"), (1, 1));
        var before = await WaitForAsync(() => Owned(firstLog), owned => owned.Count == SagaPartitions, "the first instance owning every partition");

        // Checkouts in flight through the first instance while the second one joins and the group rebalances.
        var during = Enumerable.Range(0, 30).Select(i => (Id: ApiIds.NewRequestId("rebalance"), Caller: first.NewUser(), Line: (i % 20 + 1, 1))).ToList();
        var accepted = during.Select(c => c.Caller.CheckoutAsync(c.Id, c.Line)).ToList();
        await using var second = await ApiHost.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(secondLog));
        _ = second.Services;
        await WaitForAsync(() => [.. Owned(firstLog).Concat(Owned(secondLog))], all => all.Count == SagaPartitions && Owned(secondLog).Count > 0,
            "every partition owned, some by the second instance", Rebalance);
        var kept = Owned(firstLog);
        var taken = Owned(secondLog);

        await Task.WhenAll(accepted);
        var final = await Task.WhenAll(during.Select(c => c.Caller.WaitForStateAsync(c.Id, Settle, ApiCaller.FinalStates)));
        var handedOver = Changes(firstLog, "gave up");

        Assert.Multiple(() =>
        {
            Assert.That(warmUp.GetProperty("state").GetString(), Is.EqualTo("Paid"));
            Assert.That(kept, Is.Not.Empty.And.SubsetOf(before));
            Assert.That(kept.Count + taken.Count, Is.EqualTo(SagaPartitions), "no partition owned twice");
            Assert.That(handedOver, Is.EquivalentTo(taken), "the first instance stopped exactly the partitions it handed over");
            Assert.That(Changes(firstLog, "was assigned").GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty,
                "no partition of the first instance was assigned again, so none of its workers restarted");
            Assert.That(final.Select(f => f.GetProperty("state").GetString()), Is.All.EqualTo("Paid"));
        });
    }

    /// <summary>The partitions an instance owns now, by its endpoint's log: every assignment minus every revocation.</summary>
    private static HashSet<string> Owned(CapturedLogs log)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (change, partitions) in Lines(log))
        {
            if (change == "was assigned")
                owned.UnionWith(partitions);
            else
                owned.ExceptWith(partitions);
        }
        return owned;
    }

    /// <summary>Every partition named by the endpoint's lines of one kind, repeats kept.</summary>
    private static List<string> Changes(CapturedLogs log, string change) =>
        Lines(log).Where(l => l.Change == change).SelectMany(l => l.Partitions).ToList();

    private static IEnumerable<(string Change, string[] Partitions)> Lines(CapturedLogs log) =>
        log.At(LogLevel.Information)
            .Select(line => PartitionLine().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["change"].Value, PartitionName().Matches(m.Groups["partitions"].Value).Select(p => p.Value).ToArray()));

    private static async Task<HashSet<string>> WaitForAsync(Func<HashSet<string>> read, Func<HashSet<string>, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Settle;
        var clock = Stopwatch.StartNew();
        var last = read();
        while (!done(last))
        {
            if (clock.Elapsed > limit)
                Assert.Fail($"Not {what} within {limit.TotalSeconds} s; owned: {string.Join(", ", last.Order(StringComparer.Ordinal))}");
            await Task.Delay(100);
            last = read();
        }
        return last;
    }

    [GeneratedRegex("^Saga endpoint (?<change>was assigned|gave up|lost|stops reading) (?<partitions>.*)$")]
    private static partial Regex PartitionLine();

    [GeneratedRegex(@"[A-Za-z0-9._-]+\[\d+\]")]
    private static partial Regex PartitionName();
}
