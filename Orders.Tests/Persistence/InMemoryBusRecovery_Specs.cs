using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Contracts;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Persistence;
using Orders.StateMachine.Persistence.Outbox;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_the_in_memory_bus_lost_what_it_held
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Should_mark_undelivered_only_the_request_each_waiting_checkout_awaits()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        long pricingRequest, paymentRequest;
        await using (var db = database.CreateDbContext())
        {
            db.Checkouts.AddRange(Checkout("pg-lost-pricing", "Pricing", waiting: true), Checkout("pg-lost-payment", "AwaitingPayment", waiting: true),
                Checkout("pg-paid", "Paid", waiting: false));
            var rows = new[]
            {
                Delivered("pg-lost-pricing", typeof(ProductRequestEvent)),
                Delivered("pg-lost-payment", typeof(ProductRequestEvent)),
                Delivered("pg-lost-payment", typeof(OrderLifecycleEvent)),
                Delivered("pg-lost-payment", typeof(PaymentRequestEvent)),
                Delivered("pg-paid", typeof(ProductRequestEvent)),
                Delivered("pg-paid", typeof(PaymentRequestEvent)),
                Delivered("pg-paid", typeof(OrderLifecycleEvent)),
            };
            db.OutboxMessages.AddRange(rows);
            await db.SaveChangesAsync();
            (pricingRequest, paymentRequest) = (rows[0].Id, rows[3].Id);
        }
        var recovery = new InMemoryBusRecovery(database.GetRequiredService<IDbContextFactory<OrdersDbContext>>(), NullLogger<InMemoryBusRecovery>.Instance);

        var count = await recovery.RedeliverAwaitedRequestsAsync(CancellationToken.None);
        var again = await recovery.RedeliverAwaitedRequestsAsync(CancellationToken.None);

        await using var check = database.CreateDbContext();
        var undelivered = await check.OutboxMessages.Where(m => m.DeliveredAt == null).Select(m => m.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(2));
            Assert.That(undelivered, Is.EquivalentTo(new[] { pricingRequest, paymentRequest }));
            Assert.That(again, Is.Zero, "a request waiting for the relay is not counted twice");
        });
    }

    private static OrderState Checkout(string requestId, string state, bool waiting) => new()
    {
        CorrelationId = CheckoutId.For(requestId),
        CurrentState = state,
        RequestId = requestId,
        UserId = 7,
        Email = "user7@example.com",
        Fingerprint = requestId,
        Lines = [new OrderLine { ProductId = 1, Quantity = 1 }],
        CreatedAt = Now,
        UpdatedAt = Now,
        DeadlineAt = waiting ? Now.AddSeconds(30) : null,
        DeadlineToken = waiting ? Guid.NewGuid() : null,
    };

    private static OutboxMessageRecord Delivered(string requestId, Type type) => new()
    {
        RequestId = requestId,
        MessageType = OutboxMessageTypes.NameOf(type),
        Body = "{}",
        CreatedAt = Now,
        DeliveredAt = Now,
    };
}
