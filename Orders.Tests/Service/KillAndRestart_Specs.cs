using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

[TestFixture]
public class When_the_service_is_killed_in_the_middle_of_a_batch
{
    private const int Checkouts = 60;

    /// <summary>How many requests are on their way at once: enough to keep every stage of the saga busy, few enough that the batch is not over before the kill.</summary>
    private const int ClientsAtOnce = 12;

    /// <summary>The kill comes once this many checkouts were accepted, while the rest are still on their way.</summary>
    private const int AcceptedBeforeTheKill = 20;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Should_finish_every_accepted_checkout_after_a_restart_with_one_order_each()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        using var broker = ServiceBroker.Start();
        var settings = ServiceSettings.For(database.ConnectionString, broker);
        var batch = Enumerable.Range(0, Checkouts)
            .Select(i => (RequestId: ApiIds.NewRequestId($"kill{i}"), UserId: ApiIds.NextUserId(), Line: (ProductId: i % 50 + 1, Quantity: i % 3 + 1)))
            .ToList();

        var accepted = new ConcurrentQueue<string>();
        string firstOutput;
        await using (var first = await ApiProcess.StartAsync(settings))
        {
            var enoughAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var clients = new SemaphoreSlim(ClientsAtOnce);
            var posts = batch.Select(async c =>
            {
                await clients.WaitAsync();
                try
                {
                    var response = await first.As(c.UserId).CheckoutAsync(c.RequestId, c.Line);
                    if (response.Status == HttpStatusCode.Accepted)
                        accepted.Enqueue(c.RequestId);
                    if (accepted.Count >= AcceptedBeforeTheKill)
                        enoughAccepted.TrySetResult();
                }
                catch (HttpRequestException)
                {
                    // The process died under the request (or before it): the client never learnt whether it was accepted.
                }
                finally
                {
                    clients.Release();
                }
            }).ToList();

            await Task.WhenAny(enoughAccepted.Task, Task.WhenAll(posts));
            first.Kill();
            await Task.WhenAll(posts);
            firstOutput = first.Output;
        }
        var acceptedBeforeTheKill = accepted.ToHashSet();
        Assert.That(acceptedBeforeTheKill, Has.Count.InRange(AcceptedBeforeTheKill, Checkouts - 1),
            $"the kill did not land in the middle of the batch; the first process wrote:\n{firstOutput}");

        await using var second = await ApiProcess.StartAsync(settings);

        // A client whose request died with the process sends it again: a repeated requestId is safe.
        var unanswered = batch.Where(c => !acceptedBeforeTheKill.Contains(c.RequestId)).ToList();
        var resent = await Task.WhenAll(unanswered.Select(c => second.As(c.UserId).CheckoutAsync(c.RequestId, c.Line)));
        var final = await Task.WhenAll(batch.Select(c => second.As(c.UserId).WaitForStateAsync(c.RequestId, SettleTimeout, ApiCaller.FinalStates)));

        var rows = await RowsAsync(database.ConnectionString);
        Assert.Multiple(() =>
        {
            Assert.That(resent.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.Accepted), string.Join("\n", resent.Select(r => r.ToString())));
            Assert.That(final.Select(c => c.Text("state")), Is.All.EqualTo("Paid"), $"the restarted process wrote:\n{second.Output}");
            Assert.That(rows.Sagas, Is.EquivalentTo(batch.Select(c => c.RequestId)), "one checkout_sagas row per requestId");
            Assert.That(rows.Orders, Is.EquivalentTo(batch.Select(c => c.RequestId)), "one orders row per requestId, none twice");
            Assert.That(rows.OrderIds, Is.EquivalentTo(final.Select(c => c.Number("orderId"))), "the orders are those the polls report");
            Assert.That(rows.Pricings, Is.All.EqualTo(1), "each checkout entered Pricing once");
        });
    }

    private static async Task<(List<string> Sagas, List<string> Orders, List<long> OrderIds, List<int> Pricings)> RowsAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OrdersConnectionString.Key] = connectionString }).Build();
        await using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();
        var sagas = await db.Checkouts.Select(s => s.RequestId).ToListAsync();
        var orders = await db.Orders.Select(o => new { o.RequestId, o.Id }).ToListAsync();
        var pricings = await db.Timeline.Where(t => t.State == "Pricing").GroupBy(t => t.RequestId).Select(g => g.Count()).ToListAsync();
        return (sagas, orders.Select(o => o.RequestId).ToList(), orders.Select(o => o.Id).ToList(), pricings);
    }
}
