using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Persistence;
using Orders.Persistence.Outbox;
using Orders.Persistence.Retention;
using Orders.StateMachine.Checkout;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_finished_checkouts_are_older_than_their_retention
{
    [Test]
    public async Task Should_remove_only_those_and_keep_every_order()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        var old = clock.GetUtcNow() - TimeSpan.FromDays(91);
        var young = clock.GetUtcNow() - TimeSpan.FromDays(89);
        await database.AddAsync(
            Retained.Checkout("ret-shipped-old", nameof(OrderStateMachine.Shipped), old, orderId: 1),
            Retained.Order(1, "ret-shipped-old", old),
            Retained.Checkout("ret-rejected-old", nameof(OrderStateMachine.Rejected), old),
            Retained.Checkout("ret-failed-old", nameof(OrderStateMachine.PaymentFailed), old, orderId: 2),
            Retained.Order(2, "ret-failed-old", old),
            Retained.Checkout("ret-timedout-old", nameof(OrderStateMachine.TimedOut), old),
            Retained.Checkout("ret-cancelled-old", nameof(OrderStateMachine.Cancelled), old),
            Retained.Checkout("ret-refundfailed-old", nameof(OrderStateMachine.RefundFailed), old),
            Retained.Checkout("ret-shipped-young", nameof(OrderStateMachine.Shipped), young, orderId: 3),
            Retained.Order(3, "ret-shipped-young", young),
            Retained.Checkout("ret-cancelled-young", nameof(OrderStateMachine.Cancelled), young),
            Retained.Checkout("ret-paid-old", nameof(OrderStateMachine.Paid), old, orderId: 4),
            Retained.Order(4, "ret-paid-old", old),
            Retained.Checkout("ret-awaiting-old", nameof(OrderStateMachine.AwaitingPayment), old, orderId: 5),
            Retained.Order(5, "ret-awaiting-old", old),
            Retained.Checkout("ret-pricing-old", nameof(OrderStateMachine.Pricing), old),
            Retained.Checkout("ret-refunding-old", nameof(OrderStateMachine.Refunding), old, orderId: 6),
            Retained.Order(6, "ret-refunding-old", old));

        var removed = await Retained.Cleaner(database, clock).CleanOnceAsync(CancellationToken.None);

        await using var db = database.CreateDbContext();
        var checkouts = await db.Checkouts.Select(c => c.RequestId).ToListAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.EqualTo(new RetentionCounts(FinishedCheckouts: 6, DeliveredOutboxMessages: 0)));
            Assert.That(checkouts, Is.EquivalentTo(new List<string>
            {
                "ret-shipped-young", "ret-cancelled-young", "ret-paid-old", "ret-awaiting-old", "ret-pricing-old", "ret-refunding-old",
            }));
            Assert.That(await db.Orders.Select(o => o.Id).ToListAsync(), Is.EquivalentTo(new List<long> { 1, 2, 3, 4, 5, 6 }), "orders are the history");
            Assert.That(await db.Set<OrderItemRecord>().CountAsync(), Is.EqualTo(6), "and so are their items");
        });
    }
}

[TestFixture]
public class When_delivered_outbox_messages_are_older_than_their_retention
{
    [Test]
    public async Task Should_remove_only_those_and_never_an_undelivered_one()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        var now = clock.GetUtcNow();
        await OutboxRows.AddAsync(database,
            delivered:
            [
                Retained.Message("ret-msg-old", createdAt: now - TimeSpan.FromDays(8)),
                Retained.Message("ret-msg-young", createdAt: now - TimeSpan.FromDays(6)),
            ],
            undelivered: [Retained.Message("ret-msg-stuck", createdAt: now - TimeSpan.FromDays(365))]);

        var removed = await Retained.Cleaner(database, clock).CleanOnceAsync(CancellationToken.None);

        await using var db = database.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.EqualTo(new RetentionCounts(FinishedCheckouts: 0, DeliveredOutboxMessages: 1)));
            Assert.That(await db.OutboxMessages.Select(m => m.RequestId).ToListAsync(), Is.EquivalentTo(new List<string> { "ret-msg-young", "ret-msg-stuck" }));
        });
    }
}

[TestFixture]
public class When_more_rows_are_due_than_a_batch_holds
{
    private const int BatchSize = 100;
    private const int Due = 250;

    [Test]
    public async Task Should_remove_one_batch_of_each_per_call_until_none_is_left()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await Retained.AddDueRowsAsync(database, clock, "ret-batch", Due);
        var cleaner = Retained.Cleaner(database, clock, new RetentionOptions { BatchSize = BatchSize });

        var calls = new List<RetentionCounts>();
        for (var call = 0; call < 4; call++)
            calls.Add(await cleaner.CleanOnceAsync(CancellationToken.None));

        await using var db = database.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(calls.Select(c => c.FinishedCheckouts), Is.EqualTo(new List<int> { 100, 100, 50, 0 }));
            Assert.That(calls.Select(c => c.DeliveredOutboxMessages), Is.EqualTo(new List<int> { 100, 100, 50, 0 }));
            Assert.That(await db.Checkouts.CountAsync(), Is.Zero);
            Assert.That(await db.OutboxMessages.CountAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task Should_remove_them_all_in_one_round()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await Retained.AddDueRowsAsync(database, clock, "ret-round", Due);

        var removed = await Retained.Cleaner(database, clock, new RetentionOptions { BatchSize = BatchSize }).CleanAsync(CancellationToken.None);

        await using var db = database.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.EqualTo(new RetentionCounts(Due, Due)));
            Assert.That(await db.Checkouts.CountAsync(), Is.Zero);
            Assert.That(await db.OutboxMessages.CountAsync(), Is.Zero);
        });
    }
}

[TestFixture]
public class When_two_cleaners_run_at_once
{
    [Test]
    public async Task Should_remove_each_row_once_between_them()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        var clock = new TestClock();
        await Retained.AddDueRowsAsync(database, clock, "ret-twice", 400);
        var cleaners = Enumerable.Range(0, 2).Select(_ => Retained.Cleaner(database, clock, new RetentionOptions { BatchSize = 20 })).ToList();

        var rounds = await Task.WhenAll(cleaners.Select(async cleaner =>
        {
            var removed = new List<RetentionCounts>();
            for (var call = 0; call < 25; call++)
                removed.Add(await cleaner.CleanOnceAsync(CancellationToken.None));
            return removed;
        }));

        await using var db = database.CreateDbContext();
        var all = rounds.SelectMany(r => r).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(all.Sum(c => c.FinishedCheckouts), Is.EqualTo(400), "no row is counted twice");
            Assert.That(all.Sum(c => c.DeliveredOutboxMessages), Is.EqualTo(400));
            Assert.That(await db.Checkouts.CountAsync(), Is.Zero);
            Assert.That(await db.OutboxMessages.CountAsync(), Is.Zero);
        });
    }
}

[TestFixture]
public class When_retention_is_configured
{
    [Test]
    public void Should_keep_finished_checkouts_ninety_days_and_delivered_messages_seven_by_default()
    {
        var settings = Retained.Settings([]);

        Assert.Multiple(() =>
        {
            Assert.That(settings.FinishedCheckouts, Is.EqualTo(TimeSpan.FromDays(90)));
            Assert.That(settings.DeliveredOutboxMessages, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(settings.Interval, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(settings.BatchSize, Is.EqualTo(1000));
        });
    }

    [Test]
    public void Should_read_the_settings_from_persistence_retention()
    {
        var settings = Retained.Settings(new()
        {
            ["Persistence:Retention:FinishedCheckouts"] = "30.00:00:00",
            ["Persistence:Retention:DeliveredOutboxMessages"] = "12:00:00",
            ["Persistence:Retention:Interval"] = "00:05:00",
            ["Persistence:Retention:BatchSize"] = "250",
        });

        Assert.Multiple(() =>
        {
            Assert.That(settings.FinishedCheckouts, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(settings.DeliveredOutboxMessages, Is.EqualTo(TimeSpan.FromHours(12)));
            Assert.That(settings.Interval, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(settings.BatchSize, Is.EqualTo(250));
        });
    }

    [Test]
    public void Should_reject_invalid_settings_naming_each_one()
    {
        var rejected = Assert.Throws<OptionsValidationException>(() => Retained.Settings(new()
        {
            ["Persistence:Retention:FinishedCheckouts"] = "12:00:00",
            ["Persistence:Retention:DeliveredOutboxMessages"] = "00:00:00",
            ["Persistence:Retention:Interval"] = "2.00:00:00",
            ["Persistence:Retention:BatchSize"] = "0",
        }));

        Assert.That(rejected!.Failures, Has.Exactly(4).Items);
        Assert.That(rejected.Message, Does.Contain("Persistence:Retention:FinishedCheckouts")
            .And.Contain("Persistence:Retention:DeliveredOutboxMessages")
            .And.Contain("Persistence:Retention:Interval")
            .And.Contain("Persistence:Retention:BatchSize"));
    }
}

/// <summary>The arrangements of the retention specs: a cleaner on a test clock, and rows of a given age.</summary>
internal static class Retained
{
    public static RetentionCleaner Cleaner(OrdersTestDatabase database, TestClock clock, RetentionOptions? options = null) =>
        new(database.GetRequiredService<IDbContextFactory<OrdersDbContext>>(), clock, Options.Create(options ?? new RetentionOptions()),
            NullLogger<RetentionCleaner>.Instance);

    /// <summary>The retention settings as the service binds and validates them from configuration.</summary>
    public static RetentionOptions Settings(Dictionary<string, string?> values)
    {
        values[$"ConnectionStrings:{OrderPersistenceRegistration.ConnectionStringName}"] = "Host=localhost";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider(true);
        return services.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    public static async Task AddAsync(this OrdersTestDatabase database, params object[] rows)
    {
        await using var db = database.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>As many finished checkouts and delivered messages past their default retention.</summary>
    public static async Task AddDueRowsAsync(OrdersTestDatabase database, TestClock clock, string prefix, int count)
    {
        var longAgo = clock.GetUtcNow() - TimeSpan.FromDays(100);
        await database.AddAsync(Enumerable.Range(0, count).Select(i => Checkout($"{prefix}-{i}", nameof(OrderStateMachine.Shipped), longAgo)).ToArray<object>());
        await OutboxRows.AddAsync(database, delivered: Enumerable.Range(0, count).Select(i => Message($"{prefix}-{i}", createdAt: longAgo)), undelivered: []);
    }

    public static OrderState Checkout(string requestId, string state, DateTimeOffset updatedAt, long? orderId = null) => new()
    {
        CorrelationId = CheckoutId.For(requestId),
        CurrentState = state,
        RequestId = requestId,
        UserId = 7,
        Email = "user7@example.com",
        Fingerprint = requestId,
        Lines = [new OrderLine { ProductId = 1, Quantity = 1, Name = "Product 1", UnitPrice = 1.99m, LineTotal = 1.99m }],
        OrderId = orderId,
        TotalAmount = orderId is null ? null : 1.99m,
        Currency = orderId is null ? null : "USD",
        CreatedAt = updatedAt - TimeSpan.FromMinutes(1),
        UpdatedAt = updatedAt,
    };

    public static OrderRecord Order(long id, string requestId, DateTimeOffset at) => new()
    {
        Id = id,
        RequestId = requestId,
        UserId = 7,
        TotalAmount = 1.99m,
        Currency = "USD",
        Status = OrderStatus.Pending,
        CreatedAt = at,
        UpdatedAt = at,
        Items = [new OrderItemRecord { OrderId = id, LineNumber = 1, ProductId = 1, Name = "Product 1", Quantity = 1, UnitPrice = 1.99m, LineTotal = 1.99m }],
    };

    public static OutboxMessageRecord Message(string requestId, DateTimeOffset createdAt)
    {
        var message = new ProductRequestEvent { RequestId = requestId, UserId = 7, Email = "user7@example.com", Items = [] };
        return new OutboxMessageRecord
        {
            RequestId = requestId,
            MessageType = OutboxMessageTypes.NameOf(typeof(ProductRequestEvent)),
            Body = OutboxMessageTypes.Serialize(message, typeof(ProductRequestEvent)),
            CreatedAt = createdAt,
        };
    }
}
