using Microsoft.Extensions.DependencyInjection;
using Orders.StateMachine.Reading;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_user_has_several_orders
{
    private static readonly string[] PaidTimeline = ["Pricing", "AwaitingPayment", "Paid"];

    [Test]
    public async Task Should_read_one_checkout_and_list_the_orders_newest_first_by_page()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var host = await SagaHost.StartAsync(database, clock, withSimulators: true);
        for (var i = 1; i <= 5; i++)
        {
            await host.SubmitAsync(FlowHarness.Checkout($"pg-read-{i}", 42, (i, 1)));
            Assert.That(await host.InState($"pg-read-{i}", m => m.Paid), Is.Not.Null);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await host.SubmitAsync(FlowHarness.Checkout("pg-read-other", 43));
        Assert.That(await host.InState("pg-read-other", m => m.Paid), Is.Not.Null);
        var reader = host.Services.GetRequiredService<ICheckoutReader>();

        var one = await reader.FindAsync("pg-read-2", CancellationToken.None);
        var missing = await reader.FindAsync("pg-read-none", CancellationToken.None);
        var firstPage = await reader.ListOrdersAsync(42, 1, 2, CancellationToken.None);
        var lastPage = await reader.ListOrdersAsync(42, 3, 2, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(one?.State, Is.EqualTo("Paid"));
            Assert.That(one?.Timeline.Select(t => t.State), Is.EqualTo(PaidTimeline));
            Assert.That(one?.Timeline[^1].At, Is.EqualTo(one?.UpdatedAt));
            Assert.That(one?.Items.Single(), Is.EqualTo(new LineSnapshot(2, "Product 2", 1, 2.99m, 2.99m)));
            Assert.That(missing, Is.Null);
            Assert.That(firstPage.Total, Is.EqualTo(5));
            Assert.That(firstPage.Orders.Select(o => o.RequestId), Is.EqualTo(new List<string> { "pg-read-5", "pg-read-4" }));
            Assert.That(firstPage.Orders[0].Items.Single(), Is.EqualTo(new LineSnapshot(5, "Product 5", 1, 5.99m, 5.99m)));
            Assert.That(firstPage.Orders[0].State, Is.EqualTo("Paid"));
            Assert.That(firstPage.Orders.Select(o => o.Timeline), Has.All.Empty, "a page of orders does not read timelines");
            Assert.That(lastPage.Orders.Select(o => o.RequestId), Is.EqualTo(new List<string> { "pg-read-1" }));
        });
    }
}
