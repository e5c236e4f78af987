using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Persistence.Outbox;
using Orders.Tests.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_checkout_publishes_through_the_outbox
{
    [Test]
    public async Task Should_store_each_message_with_its_step_and_deliver_it_once_in_order()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        List<Guid?> published;
        await using (var host = await SagaHost.StartAsync(database, new TestClock(), withSimulators: true))
        {
            await host.SubmitAsync(FlowHarness.Checkout("pg-outbox-1"));
            Assert.That(await host.InState("pg-outbox-1", m => m.Paid), Is.Not.Null);
            Assert.That(await host.Harness.Published.Any<OrderLifecycleEvent>(x => x.Context.Message.Type == OrderEventTypes.Paid), Is.True);
            published = host.Harness.Published.Select(_ => true).Select(x => x.Context.MessageId).ToList();
        }

        // The relay moves the shard's watermark after the publish: stopping the host waits for it.
        await using var db = database.CreateDbContext();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.RequestId == "pg-outbox-1").OrderBy(m => m.Id).ToListAsync();
        var delivered = await OutboxRows.DeliveredIdsAsync(db, "pg-outbox-1");
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.MessageType.Split(',')[0]), Is.EqualTo(new List<string>
            {
                typeof(ProductRequestEvent).FullName!,
                typeof(OrderLifecycleEvent).FullName!,
                typeof(PaymentRequestEvent).FullName!,
                typeof(OrderLifecycleEvent).FullName!,
            }));
            Assert.That(delivered, Is.EquivalentTo(rows.Select(r => r.Id)), "every row is below its shard's watermark");
            Assert.That(rows.Select(r => r.Shard), Is.All.EqualTo(OutboxShards.Of("pg-outbox-1")), "a checkout's rows are in one shard");
            Assert.That(rows.Select(r => r.MessageId), Is.SubsetOf(published), "each row went out with its own message id");
            Assert.That(rows[1].Body, Does.Contain("\"type\":\"order.created\""), "the body is the message as the contracts put it on the wire");
        });
    }
}

[TestFixture]
public class When_outbox_rows_were_left_by_a_host_that_stopped
{
    [Test]
    public async Task Should_deliver_them_once_a_new_host_starts()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var left = new PaymentRequestEvent { RequestId = "pg-left-1", OrderId = 77, UserId = 5, Amount = 12.34m, Currency = "USD" };
        long rowId;
        await using (var db = database.CreateDbContext())
        {
            var row = new OutboxMessageRecord
            {
                RequestId = left.RequestId,
                MessageType = OutboxMessageTypes.NameOf(typeof(PaymentRequestEvent)),
                Body = OutboxMessageTypes.Serialize(left, typeof(PaymentRequestEvent)),
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.OutboxMessages.Add(row);
            await db.SaveChangesAsync();
            rowId = row.Id;
        }

        await using (var host = await SagaHost.StartAsync(database, new TestClock()))
            Assert.That(await host.Harness.Published.Any<PaymentRequestEvent>(x => x.Context.Message == left), Is.True);

        // As above: read once the host has stopped, so the relay has committed what it delivered.
        await using var check = database.CreateDbContext();
        Assert.That(await OutboxRows.DeliveredIdsAsync(check, left.RequestId), Is.EqualTo(new List<long> { rowId }));
    }
}

[TestFixture]
public class When_two_relays_run_at_once
{
    [Test]
    public async Task Should_deliver_every_row_once_and_in_order_per_checkout()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < 400; i++)
            {
                var message = new ProductRequestEvent { RequestId = $"pg-relay-{i % 10}", UserId = i, Email = "x@example.com", Items = [] };
                db.OutboxMessages.Add(new OutboxMessageRecord
                {
                    RequestId = message.RequestId,
                    MessageType = OutboxMessageTypes.NameOf(typeof(ProductRequestEvent)),
                    Body = OutboxMessageTypes.Serialize(message, typeof(ProductRequestEvent)),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        }
        var delivered = new ConcurrentQueue<OutboxMessageRecord>();
        var delivery = new RecordingDelivery(delivered);
        var dbContexts = database.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        var relays = Enumerable.Range(0, 2)
            .Select(_ => new OutboxRelay(dbContexts, delivery, new OutboxShardLeases(dbContexts, TimeProvider.System, NullLogger<OutboxShardLeases>.Instance),
                new OutboxSignal(), TimeProvider.System, NullLogger<OutboxRelay>.Instance))
            .ToList();

        await Task.WhenAll(relays.Select(async relay =>
        {
            for (var round = 0; round < 20; round++)
                await relay.RelayOnceAsync(CancellationToken.None);
        }));

        await using var check = database.CreateDbContext();
        var ids = delivered.Select(m => m.Id).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(ids, Has.Count.EqualTo(400));
            Assert.That(ids, Is.Unique);
            foreach (var checkout in delivered.GroupBy(m => m.RequestId))
                Assert.That(checkout.Select(m => m.Id), Is.Ordered, checkout.Key);
            Assert.That(await OutboxBacklog.CountAsync(check, CancellationToken.None), Is.Zero);
        });
    }

    private sealed class RecordingDelivery(ConcurrentQueue<OutboxMessageRecord> delivered) : IOutboxDelivery
    {
        public async Task<int> DeliverAsync(IReadOnlyList<OutboxMessageRecord> batch, CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var message in batch)
                delivered.Enqueue(message);
            return batch.Count;
        }
    }
}
