using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.Persistence;
using Orders.Persistence.Outbox;
using Orders.Tests.Support;

namespace Orders.Tests.Persistence;

[TestFixture]
public class When_a_database_with_delivered_and_waiting_outbox_rows_is_migrated_to_shards
{
    /// <summary>The last migration before outbox shards: rows were marked delivered one by one.</summary>
    private const string BeforeShards = "20261122055706_AddDeadLettersAndAdminActions";

    [Test]
    public async Task Should_keep_what_was_delivered_delivered_and_leave_the_rest_waiting()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var configuration = OrdersTestDatabase.Configuration(database.ConnectionString);
        await using var services = new ServiceCollection().AddOrderPersistence(configuration).BuildServiceProvider();
        var dbContexts = services.GetRequiredService<IDbContextFactory<OrdersDbContext>>();
        await using (var db = await dbContexts.CreateDbContextAsync())
            await db.GetService<IMigrator>().MigrateAsync(BeforeShards);

        // Old rows: a..c delivered, d waiting; e (a checkout of its own) delivered after d, as the old relay could.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO outbox_messages (request_id, message_type, body, created_at, delivered_at) VALUES
                ('mig-a', 't', '{}', now(), now()), ('mig-b', 't', '{}', now(), now()), ('mig-c', 't', '{}', now(), now()),
                ('mig-d', 't', '{}', now(), NULL), ('mig-e', 't', '{}', now(), now())
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var db = await dbContexts.CreateDbContextAsync())
            await db.Database.MigrateAsync();

        await using var check = await dbContexts.CreateDbContextAsync();
        var rows = await check.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        var delivered = await check.OutboxMessages.Delivered(check).Select(m => m.RequestId).ToListAsync();
        var waiting = await OutboxBacklog.CountAsync(check, CancellationToken.None);
        // Delivered before and not above the waiting row in its shard (those go again, with their ids).
        var d = rows.Single(r => r.RequestId == "mig-d");
        var stayDelivered = rows.Where(r => r.RequestId != "mig-d" && (r.Shard != d.Shard || r.Id < d.Id)).Select(r => r.RequestId);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Shard), Is.EqualTo(rows.Select(r => OutboxShards.Of(r.RequestId))), "every old row is in its checkout's shard");
            Assert.That(rows.Select(r => r.Transaction), Is.All.Zero, "old rows come before any new one in their shard");
            Assert.That(delivered, Does.Not.Contain("mig-d"), "a row that waited still waits");
            Assert.That(delivered, Is.EquivalentTo(stayDelivered), "delivered rows stay delivered, unless they lie above a waiting row of their shard");
            Assert.That(waiting, Is.EqualTo(rows.Count - delivered.Count));
        });
    }
}

[TestFixture]
public class When_the_database_names_a_checkouts_outbox_shard
{
    private static readonly string[] RequestIds = ["abc123xyz", "legacy-1", "", "ä-ü-ö-€", "bench-2f593d83-19999", new string('x', 300)];

    [Test]
    public async Task Should_name_the_same_shard_as_the_service()
    {
        await using var database = await OrdersTestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        foreach (var requestId in RequestIds)
        {
            var inDatabase = (await db.Database.SqlQuery<short>($"SELECT outbox_shard_of({requestId}) AS \"Value\"").ToListAsync()).Single();
            Assert.That(inDatabase, Is.EqualTo(OutboxShards.Of(requestId)), requestId);
        }
    }
}
