using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Persistence.Outbox;
using Orders.Tests.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_a_checkout_is_paid_through_the_api
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private static readonly (int, string, int, decimal, decimal)[] PaidLines = [(1, "Product 1", 2, 1.99m, 3.98m), (2, "Product 2", 1, 2.99m, 2.99m)];

    [Test]
    public async Task Should_leave_its_rows_in_postgres_with_every_outbox_message_delivered()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();

        var checkout = await caller.CheckoutToEndAsync(requestId, (1, 2), (2, 1));
        var outbox = await DeliveredOutboxAsync(requestId);

        await using var db = ApiHost.Shared.CreateDbContext();
        var saga = await db.Checkouts.AsNoTracking().SingleAsync(s => s.RequestId == requestId);
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.RequestId == requestId);
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.RequestId == requestId).OrderBy(t => t.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Paid"));
            Assert.That(saga.UserId, Is.EqualTo(caller.UserId));
            Assert.That(saga.OrderId, Is.EqualTo(checkout.Number("orderId")));
            Assert.That(saga.PaymentTransactionId, Is.EqualTo($"txn-{requestId}"));
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(order.Id, Is.EqualTo(saga.OrderId));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Paid));
            Assert.That(order.UserId, Is.EqualTo(caller.UserId));
            Assert.That(order.TotalAmount, Is.EqualTo(6.97m));
            Assert.That(order.Items.OrderBy(i => i.LineNumber).Select(i => (i.ProductId, i.Name, i.Quantity, i.UnitPrice, i.LineTotal)),
                Is.EqualTo(PaidLines));
            Assert.That(timeline.Select(t => t.State), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(timeline.Select(t => t.CorrelationId), Is.All.EqualTo(saga.CorrelationId));
            Assert.That(outbox.Select(m => m.MessageType.Split(',')[0]), Is.EqualTo(ApiJson.Names(
                typeof(ProductRequestEvent).FullName!, typeof(OrderLifecycleEvent).FullName!, typeof(PaymentRequestEvent).FullName!, typeof(OrderLifecycleEvent).FullName!)));
        });
    }

    /// <summary>The checkout's outbox rows once the relay has delivered them all; fails if it has not within the timeout.</summary>
    private static async Task<List<OutboxMessageRecord>> DeliveredOutboxAsync(string requestId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var db = ApiHost.Shared.CreateDbContext();
            var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.RequestId == requestId).OrderBy(m => m.Id).ToListAsync();
            var delivered = await OutboxRows.DeliveredIdsAsync(db, requestId);
            if (rows.Count > 0 && delivered.Count == rows.Count)
                return rows;
            if (clock.Elapsed > DeliveryTimeout)
                Assert.Fail($"The outbox of {requestId} was not delivered within {DeliveryTimeout.TotalSeconds} s: {rows.Count - delivered.Count} of {rows.Count} rows wait");
            await Task.Delay(ApiCaller.PollInterval);
        }
    }
}
