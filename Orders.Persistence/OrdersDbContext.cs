using Microsoft.EntityFrameworkCore;
using Orders.Persistence.Audit;
using Orders.Persistence.DeadLetters;
using Orders.Persistence.Outbox;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>The order service's PostgreSQL database: checkout sagas and their timelines, the orders they create, the messages they publish, dead letters and the admin log.</summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    /// <summary>The sequence order ids are drawn from.</summary>
    public const string OrderNumberSequence = "order_numbers";

    public DbSet<OrderState> Checkouts => Set<OrderState>();
    public DbSet<CheckoutTimelineEntry> Timeline => Set<CheckoutTimelineEntry>();
    public DbSet<OrderRecord> Orders => Set<OrderRecord>();
    public DbSet<OutboxMessageRecord> OutboxMessages => Set<OutboxMessageRecord>();
    public DbSet<OutboxShard> OutboxShards => Set<OutboxShard>();
    public DbSet<OutboxRelayRecord> OutboxRelays => Set<OutboxRelayRecord>();
    public DbSet<DeadLetterRecord> DeadLetters => Set<DeadLetterRecord>();
    public DbSet<AdminActionRecord> AdminActions => Set<AdminActionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(OrderNumberSequence);
        modelBuilder.ApplyConfiguration(new CheckoutSagaMap());
        modelBuilder.ApplyConfiguration(new CheckoutTimelineEntryMap());
        modelBuilder.ApplyConfiguration(new OrderRecordMap());
        modelBuilder.ApplyConfiguration(new OrderItemRecordMap());
        modelBuilder.ApplyConfiguration(new OutboxMessageRecordMap());
        modelBuilder.ApplyConfiguration(new OutboxShardMap());
        modelBuilder.ApplyConfiguration(new OutboxRelayRecordMap());
        modelBuilder.ApplyConfiguration(new DeadLetterRecordMap());
        modelBuilder.ApplyConfiguration(new AdminActionRecordMap());
    }
}
