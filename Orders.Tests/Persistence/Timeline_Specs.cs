using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Checkout;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_checkout_moves_through_its_states_on_postgres
{
    private static readonly string[] RejectedTimeline = ["Pricing", "Rejected OUT_OF_STOCK"];

    [Test]
    public async Task Should_append_one_timeline_row_per_state_with_the_reason_and_the_machine_time()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var host = await SagaHost.StartAsync(database, clock, withSimulators: true);

        await host.SubmitAsync(FlowHarness.Checkout("pg-timeline-1", 101, (404, 1)));
        Assert.That(await host.InState("pg-timeline-1", m => m.Rejected), Is.Not.Null);

        await using var db = database.CreateDbContext();
        var rows = await db.Timeline.AsNoTracking().Where(t => t.RequestId == "pg-timeline-1").OrderBy(t => t.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.ReasonCode is null ? r.State : $"{r.State} {r.ReasonCode}"), Is.EqualTo(RejectedTimeline));
            Assert.That(rows.Select(r => r.CorrelationId), Is.All.EqualTo(CheckoutId.For("pg-timeline-1")));
            Assert.That(rows.Select(r => r.At), Is.All.EqualTo(clock.GetUtcNow()), "stamped with the saga's clock");
        });
    }

    [Test]
    public async Task Should_delete_the_timeline_with_its_checkout()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using (var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true))
        {
            await host.SubmitAsync(FlowHarness.Checkout("pg-timeline-gone"));
            await host.SubmitAsync(FlowHarness.Checkout("pg-timeline-kept"));
            Assert.That(await host.InState("pg-timeline-gone", m => m.Paid), Is.Not.Null);
            Assert.That(await host.InState("pg-timeline-kept", m => m.Paid), Is.Not.Null);
        }

        await using var db = database.CreateDbContext();
        await db.Checkouts.Where(s => s.RequestId == "pg-timeline-gone").ExecuteDeleteAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await db.Timeline.CountAsync(t => t.RequestId == "pg-timeline-gone"), Is.Zero);
            Assert.That(await db.Timeline.CountAsync(t => t.RequestId == "pg-timeline-kept"), Is.EqualTo(3));
        });
    }
}
