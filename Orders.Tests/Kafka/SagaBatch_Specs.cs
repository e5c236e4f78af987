using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Topics;
using Orders.Persistence;
using Orders.Tests.Operations;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// A partition's waiting records go through the saga together, in one transaction, and the failure of any of them
/// leaves nothing of the batch: its records are applied one by one, the good ones commit, a poison one is set aside.
/// Each host here has one partition per topic and lets the saga endpoint wait a second to fill a batch, so the
/// answers a test produces at once arrive as one batch; the test plays Product and Payment itself.
/// </summary>
[TestFixture]
public sealed class SagaBatch_Specs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_batch_with_poison_records_applies_the_others_and_sets_only_the_poison_aside()
    {
        await using var bed = await BatchBed.StartAsync();
        var ids = await bed.PricingCheckoutsAsync("poison-batch", 3);
        var unknown = ApiIds.NewRequestId("no-such-checkout");
        using var meter = new SagaBatchMeter();

        // One partition, one batch: answer, undecodable, answer, an answer for no checkout, answer.
        var offsets = await bed.ProduceAtOnceAsync(TopicNames.ProductResponses,
            (ids[0], DocsExamples.For(DocsExamples.ProductResponse, ids[0])),
            (ids[1], "{not json"),
            (ids[1], DocsExamples.For(DocsExamples.ProductResponse, ids[1])),
            (unknown, DocsExamples.For(DocsExamples.ProductResponse, unknown)),
            (ids[2], DocsExamples.For(DocsExamples.ProductResponse, ids[2])));
        foreach (var id in ids)
            await bed.Caller.WaitForStateAsync(id, Settle, "AwaitingPayment");

        await using var db = bed.Host.CreateDbContext();
        var deadLetters = await WaitForDeadLettersAsync(db, 2);
        Assert.Multiple(async () =>
        {
            Assert.That(deadLetters.Select(d => d.Offset), Is.EqualTo(new[] { offsets[1], offsets[3] }), "only the poison records are set aside");
            Assert.That(deadLetters[1].Error, Does.Contain("which no checkout has"));
            foreach (var id in ids)
            {
                Assert.That(await db.Orders.CountAsync(o => o.RequestId == id), Is.EqualTo(1), $"one order for {id}");
                Assert.That(await PaymentRequestsAsync(db, id), Is.EqualTo(1), $"one payment request for {id}");
            }
            Assert.That(meter.Batches, Does.Contain((5, "one_by_one")), "the five records came as one batch and went one by one after it failed");
        });
    }

    [Test]
    public async Task A_checkout_changed_by_another_step_meanwhile_rolls_the_batch_back_and_each_record_applies_once()
    {
        await using var bed = await BatchBed.StartAsync();
        var ids = await bed.AwaitingPaymentCheckoutsAsync("conflict-batch", 3);
        using var meter = new SagaBatchMeter();

        // Another writer holds the middle checkout's row; the batch's UPDATE of it waits behind that writer, which then
        // changes the row (a new xmin) and commits: the batch's optimistic check fails.
        await using var other = new NpgsqlConnection(bed.Host.DatabaseConnectionString);
        await other.OpenAsync();
        await using (var transaction = await other.BeginTransactionAsync())
        {
            await using (var touch = new NpgsqlCommand("UPDATE checkout_sagas SET updated_at = updated_at WHERE request_id = @id", other, transaction))
            {
                touch.Parameters.AddWithValue("id", ids[1]);
                Assert.That(await touch.ExecuteNonQueryAsync(), Is.EqualTo(1));
            }
            await bed.ProduceAtOnceAsync(TopicNames.PaymentResponses, ids.Select(id => (id, DocsExamples.For(DocsExamples.PaymentResponse, id))).ToArray(), MessageTypes.PaymentResponse);
            await WaitForALockWaitAsync(bed.Host.DatabaseConnectionString);
            await transaction.CommitAsync();
        }

        var final = await Task.WhenAll(ids.Select(id => bed.Caller.WaitForStateAsync(id, Settle, ApiCaller.FinalStates)));
        await using var db = bed.Host.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(final.Select(f => f.GetProperty("state").GetString()), Is.All.EqualTo("Paid"));
            foreach (var id in ids)
            {
                Assert.That(await LifecycleEventsAsync(db, id, "order.paid"), Is.EqualTo(1), $"one order.paid for {id}");
                Assert.That(await db.Timeline.CountAsync(t => t.RequestId == id && t.State == "Paid"), Is.EqualTo(1), $"Paid entered once by {id}");
            }
            Assert.That(await db.DeadLetters.CountAsync(), Is.Zero, "a conflict is retried, not poison");
            Assert.That(meter.Batches, Does.Contain((3, "one_by_one")), "the batch failed on the conflict and its records went one by one");
        });
    }

    [TestCase(false, TestName = "PostgreSQL cut before the batch's commit reaches it: nothing is lost")]
    [TestCase(true, TestName = "PostgreSQL cut after the batch's commit reached it but before its answer: nothing is applied twice")]
    public async Task PostgreSQL_cut_at_the_batch_commit(bool commitReachesTheServer)
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var gate = TcpGate.Start(new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
        var cut = new BatchCommitCut(gate, database.ConnectionString, commitReachesTheServer);
        await using var bed = await BatchBed.StartAsync(
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = gate.Port }.ConnectionString,
            services => services.ConfigureDbContext<OrdersDbContext>(o => o.AddInterceptors(cut)));
        var ids = await bed.AwaitingPaymentCheckoutsAsync("cut-batch", 4);
        using var meter = new SagaBatchMeter();

        cut.Arm();
        await bed.ProduceAtOnceAsync(TopicNames.PaymentResponses, ids.Select(id => (id, DocsExamples.For(DocsExamples.PaymentResponse, id))).ToArray(), MessageTypes.PaymentResponse);
        var final = await Task.WhenAll(ids.Select(id => bed.Caller.WaitForStateAsync(id, Settle, ApiCaller.FinalStates)));
        // The states may show Paid before the batch is done with: its commit went through while its answer was lost.
        var wentAgain = await meter.WaitForAsync(4, "one_by_one", Settle);
        var batchOutcome = await cut.BatchOutcomeAsync(Settle);

        var options = new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new OrdersDbContext(options);
        Assert.Multiple(async () =>
        {
            Assert.That(cut.Fired, Is.True, "the cut came at a batch's commit");
            Assert.That(batchOutcome, Is.EqualTo(commitReachesTheServer ? "committed" : "aborted"), "what PostgreSQL made of the cut batch's transaction");
            Assert.That(final.Select(f => f.GetProperty("state").GetString()), Is.All.EqualTo("Paid"), "nothing is lost");
            foreach (var id in ids)
            {
                Assert.That(await LifecycleEventsAsync(db, id, "order.paid"), Is.EqualTo(1), $"one order.paid for {id}");
                Assert.That(await db.Timeline.CountAsync(t => t.RequestId == id && t.State == "Paid"), Is.EqualTo(1), $"Paid entered once by {id}");
            }
            Assert.That(await db.DeadLetters.CountAsync(), Is.Zero, "a lost connection is transient, not poison");
            Assert.That(wentAgain, Is.True, "the batch's records went again one by one");
        });
    }

    private static async Task<List<Orders.Persistence.DeadLetters.DeadLetterRecord>> WaitForDeadLettersAsync(OrdersDbContext db, int count)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var rows = await db.DeadLetters.AsNoTracking().OrderBy(d => d.Offset).ToListAsync();
            if (rows.Count >= count || DateTime.UtcNow > deadline)
                return rows;
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until some statement of the database waits for a row lock (the batch, behind the other writer).</summary>
    private static async Task WaitForALockWaitAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            await using var query = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%checkout_sagas%'", connection);
            if ((long)(await query.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        Assert.Fail("No saga step waited for the locked checkout");
    }

    private static Task<int> PaymentRequestsAsync(OrdersDbContext db, string requestId) =>
        db.OutboxMessages.CountAsync(m => m.RequestId == requestId && m.MessageType.StartsWith(typeof(PaymentRequestEvent).FullName!));

    /// <summary>The checkout's outbox rows that are lifecycle events of the type (the body is json, read as jsonb here).</summary>
    private static async Task<int> LifecycleEventsAsync(OrdersDbContext db, string requestId, string type) =>
        (await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM outbox_messages
            WHERE request_id = {requestId} AND message_type LIKE 'Orders.Contracts.OrderLifecycleEvent,%' AND body::jsonb ->> 'type' = {type}
            """).ToListAsync()).Single();
}
