using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Simulators;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_late_charge_is_refunded_on_postgres
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private static readonly string[] Timeline =
        ["Pricing", "AwaitingPayment", "TimedOut PAYMENT_TIMED_OUT", "TimedOut LATE_CHARGE", "TimedOut LATE_CHARGE_REFUNDED"];

    [Test]
    public async Task Should_note_the_charge_and_its_refund_on_the_timeline_without_a_new_state()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var host = await SagaHost.StartAsync(database, new TestClock());
        const string id = "pg-late-charge";

        await host.SubmitAsync(FlowHarness.Checkout(id));
        await host.Harness.Bus.Publish(ProductCatalog.Answer(new ProductRequestEvent { RequestId = id, UserId = 101, Email = "user101@example.com", Items = FlowHarness.Checkout(id).Items }));
        Assert.That(await host.InState(id, m => m.AwaitingPayment), Is.Not.Null);
        var token = (await host.ReadCheckoutAsync(id))!.DeadlineToken!.Value;
        await host.Harness.Bus.Publish(new CheckoutDeadlineExpired { RequestId = id, DeadlineToken = token });
        Assert.That(await host.InState(id, m => m.TimedOut), Is.Not.Null);

        await host.Harness.Bus.Publish(new PaymentResponseEvent { RequestId = id, Success = true, TransactionId = "txn-late" });
        await WaitForTimelineAsync(database, id, 4);
        await host.Harness.Bus.Publish(new RefundResponseEvent { RequestId = id, Success = true, RefundId = "rfd-late" });
        var rows = await WaitForTimelineAsync(database, id, 5);

        Assert.Multiple(async () =>
        {
            Assert.That(rows, Is.EqualTo(Timeline));
            Assert.That((await host.ReadCheckoutAsync(id))!.CurrentState, Is.EqualTo("TimedOut"));
        });
    }

    private static async Task<List<string>> WaitForTimelineAsync(OrdersTestDatabase database, string requestId, int count)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            await using var db = database.CreateDbContext();
            var rows = (await db.Timeline.AsNoTracking().Where(t => t.RequestId == requestId).OrderBy(t => t.Id).ToListAsync())
                .Select(r => r.ReasonCode is null ? r.State : $"{r.State} {r.ReasonCode}").ToList();
            if (rows.Count >= count || DateTime.UtcNow > deadline)
                return rows;
            await Task.Delay(100);
        }
    }
}
