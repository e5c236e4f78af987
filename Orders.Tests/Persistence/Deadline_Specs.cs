using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orders.Persistence;
using Orders.StateMachine.Checkout;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_two_sweepers_look_for_due_deadlines_at_once
{
    [Test]
    public async Task Should_find_each_due_deadline_once()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < 300; i++)
                db.Checkouts.Add(Waiting($"pg-due-{i}", deadlineAt: now.AddSeconds(-1 - i % 5)));
            for (var i = 0; i < 20; i++)
                db.Checkouts.Add(Waiting($"pg-later-{i}", deadlineAt: now.AddSeconds(10)));
            await db.SaveChangesAsync();
        }

        var sweepers = new[] { new PostgresDueDeadlines(database.GetRequiredService<IDbContextFactory<OrdersDbContext>>()), new PostgresDueDeadlines(database.GetRequiredService<IDbContextFactory<OrdersDbContext>>()) };
        var rounds = await Task.WhenAll(sweepers.Select(async sweeper =>
        {
            var found = new List<string>();
            for (var round = 0; round < 10; round++)
                found.AddRange((await sweeper.FindDueAsync(now, 25, CancellationToken.None)).Select(n => n.RequestId));
            return found;
        }));
        var again = await sweepers[0].FindDueAsync(now, 500, CancellationToken.None);

        var all = rounds.SelectMany(r => r).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(300));
            Assert.That(all, Is.Unique);
            Assert.That(all, Has.None.StartsWith("pg-later-"));
            Assert.That(rounds, Has.All.Not.Empty, "both sweepers took part");
            Assert.That(again, Is.Empty, "a claimed deadline is not found again while its claim holds");
        });
    }

    [Test]
    public async Task Should_find_a_deadline_again_when_its_claim_has_run_out()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.Checkouts.Add(Waiting("pg-lost-1", deadlineAt: now.AddSeconds(-1)));
            await db.SaveChangesAsync();
        }
        var sweeper = new PostgresDueDeadlines(database.GetRequiredService<IDbContextFactory<OrdersDbContext>>());

        var first = await sweeper.FindDueAsync(now, 10, CancellationToken.None);
        var afterLease = await sweeper.FindDueAsync(now + PostgresDueDeadlines.ClaimLease + TimeSpan.FromSeconds(1), 10, CancellationToken.None);

        Assert.That(first.Select(n => n.RequestId), Is.EqualTo(new List<string> { "pg-lost-1" }));
        Assert.That(afterLease.Select(n => (n.RequestId, n.DeadlineToken)), Is.EqualTo(first.Select(n => (n.RequestId, n.DeadlineToken))));
    }

    private static OrderState Waiting(string requestId, DateTimeOffset deadlineAt) => new()
    {
        CorrelationId = CheckoutId.For(requestId),
        CurrentState = "Pricing",
        RequestId = requestId,
        UserId = 7,
        Email = "user7@example.com",
        Fingerprint = requestId,
        Lines = [new OrderLine { ProductId = 1, Quantity = 1 }],
        CreatedAt = deadlineAt.AddSeconds(-30),
        UpdatedAt = deadlineAt.AddSeconds(-30),
        DeadlineAt = deadlineAt,
        DeadlineToken = Guid.NewGuid(),
    };
}

[TestFixture]
public class When_a_deadline_falls_due_while_no_host_runs
{
    [Test]
    public async Task Should_time_the_checkout_out_once_a_new_host_starts()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await using (var first = await SagaHost.StartAsync(database, clock))
        {
            await first.SubmitAsync(FlowHarness.Checkout("pg-late-1"));
            Assert.That(await first.InState("pg-late-1", m => m.Pricing), Is.Not.Null);
        }

        clock.Advance(SagaHost.PricingTimeout + TimeSpan.FromSeconds(1));
        await using var second = await SagaHost.StartAsync(database, clock);

        Assert.That(await second.InState("pg-late-1", m => m.TimedOut), Is.Not.Null);
        var saga = await second.ReadCheckoutAsync("pg-late-1");
        Assert.Multiple(() =>
        {
            Assert.That(saga!.ReasonCode, Is.EqualTo(ReasonCodes.ProductTimedOut));
            Assert.That(saga.DeadlineAt, Is.Null);
        });
    }
}

[TestFixture]
public class When_the_saga_is_registered_before_a_bus_that_is_slow_to_start
{
    [Test]
    public async Task Should_fire_a_deadline_due_at_start_once_the_bus_runs_not_a_lease_later()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await using (var first = await SagaHost.StartAsync(database, clock))
        {
            await first.SubmitAsync(FlowHarness.Checkout("pg-early-1"));
            Assert.That(await first.InState("pg-early-1", m => m.Pricing), Is.Not.Null);
        }
        clock.Advance(SagaHost.PricingTimeout + TimeSpan.FromSeconds(1));

        // As Program.cs registers them: the sweeper's hosted service starts before the bus's.
        await using var second = await SagaHost.StartAsync(database, clock, sagaBeforeBus: true,
            configure: services => services.AddBusObserver(_ => new SlowStart(TimeSpan.FromSeconds(1))));

        // The test clock stands still, so a notice lost to a bus not yet started would never be fired again.
        var timedOut = await second.Saga.Exists(CheckoutId.For("pg-early-1"), second.Machine.TimedOut, PostgresDueDeadlines.ClaimLease / 3);
        Assert.That(timedOut, Is.Not.Null, $"the checkout is {(await second.ReadCheckoutAsync("pg-early-1"))?.CurrentState}");
    }

    /// <summary>A transport that takes a while to connect: the bus starts only after the delay.</summary>
    private sealed class SlowStart(TimeSpan delay) : IBusObserver
    {
        public void PostCreate(IBus bus) { }
        public void CreateFaulted(Exception exception) { }
        public Task PreStart(IBus bus) => Task.Delay(delay);
        public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
        public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
        public Task PreStop(IBus bus) => Task.CompletedTask;
        public Task PostStop(IBus bus) => Task.CompletedTask;
        public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    }
}
