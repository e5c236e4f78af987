using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>
/// GET /admin/funnel over a window holding only this fixture's checkouts (admin fixtures run one after another):
/// its figures must be what SQL written here, independently, counts from checkout_timeline.
/// </summary>
[TestFixture]
public class When_an_admin_reads_the_funnel
{
    private DateTimeOffset _from;
    private DateTimeOffset _to;

    [OneTimeSetUp]
    public async Task Checkouts_end_every_way_in_a_window()
    {
        var bootstrap = AdminSetup.Host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
        _from = DateTimeOffset.UtcNow.AddMilliseconds(-500);
        await MixedCheckouts.MakeAsync(AdminSetup.Host.NewUser(), bootstrap, "funnel");
        _to = DateTimeOffset.UtcNow.AddMilliseconds(500);
    }

    [Test]
    public async Task Should_count_what_became_of_the_checkouts_started_in_the_window()
    {
        var funnel = await GetFunnelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(funnel.Number("started"), Is.EqualTo(MixedCheckouts.Count), funnel.ToString);
            Assert.That(funnel.Number("priced"), Is.EqualTo(4));
            Assert.That(funnel.Number("paid"), Is.EqualTo(3));
            Assert.That(funnel.Number("shipped"), Is.EqualTo(1));
            Assert.That(Counts(funnel, "now"), Is.EquivalentTo(new Dictionary<string, long> { ["Paid"] = 1, ["Shipped"] = 1, ["Cancelled"] = 1, ["Rejected"] = 2, ["PaymentFailed"] = 1 }));
            Assert.That(Counts(funnel, "rejectedByReasonCode"), Is.EquivalentTo(new Dictionary<string, long> { ["OUT_OF_STOCK"] = 1, ["UNKNOWN_PRODUCT"] = 1 }));
            Assert.That(Counts(funnel, "paymentFailedByReason").Keys, Has.One.Contains("exceeds the limit"));
            Assert.That(funnel.GetProperty("cancelled").Number("afterPayment"), Is.EqualTo(1));
            Assert.That(funnel.GetProperty("cancelled").Number("beforePayment"), Is.Zero);
            Assert.That(funnel.Items("steps").Select(s => $"{s.Text("from")}->{s.Text("to")}"),
                Is.EqualTo(ApiJson.Names("Pricing->AwaitingPayment", "AwaitingPayment->Paid", "Paid->Shipped")));
            Assert.That(funnel.Items("steps")[0].Number("count"), Is.EqualTo(4));
            Assert.That(funnel.Items("steps")[0].GetProperty("medianSeconds").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Should_equal_counts_computed_with_sql_from_checkout_timeline()
    {
        var funnel = await GetFunnelAsync();
        await using var sql = new TimelineSql(AdminSetup.Host.DatabaseConnectionString, _from, _to);

        var expectedSteps = new List<string>();
        foreach (var (from, to) in new[] { ("Pricing", "AwaitingPayment"), ("AwaitingPayment", "Paid"), ("Paid", "Shipped") })
            expectedSteps.Add(await sql.StepAsync(from, to));

        var started = await sql.ScalarAsync("SELECT count(*) FROM cohort");
        var priced = await sql.ScalarAsync("SELECT count(*) FROM cohort c WHERE EXISTS (SELECT 1 FROM checkout_timeline t WHERE t.correlation_id = c.correlation_id AND t.state = 'AwaitingPayment')");
        var paid = await sql.ScalarAsync("SELECT count(*) FROM cohort c WHERE EXISTS (SELECT 1 FROM checkout_timeline t WHERE t.correlation_id = c.correlation_id AND t.state = 'Paid')");
        var shipped = await sql.ScalarAsync("SELECT count(*) FROM cohort c WHERE EXISTS (SELECT 1 FROM checkout_timeline t WHERE t.correlation_id = c.correlation_id AND t.state = 'Shipped')");
        var now = await sql.CountsAsync("SELECT l.state, count(*) FROM last_rows l GROUP BY l.state");
        var rejected = await sql.CountsAsync("SELECT l.reason_code, count(*) FROM last_rows l WHERE l.state = 'Rejected' GROUP BY l.reason_code");
        var declined = await sql.CountsAsync(
            "SELECT s.reason, count(*) FROM last_rows l JOIN checkout_sagas s ON s.correlation_id = l.correlation_id WHERE l.state = 'PaymentFailed' GROUP BY s.reason");
        var timedOut = await sql.CountsAsync("""
            SELECT (SELECT p.state FROM checkout_timeline p WHERE p.correlation_id = l.correlation_id AND p.id < l.id ORDER BY p.id DESC LIMIT 1), count(*)
            FROM last_rows l WHERE l.state = 'TimedOut' GROUP BY 1
            """);
        var cancelledAfter = await sql.ScalarAsync(
            "SELECT count(*) FROM last_rows l WHERE l.state = 'Cancelled' AND EXISTS (SELECT 1 FROM checkout_timeline t WHERE t.correlation_id = l.correlation_id AND t.state IN ('Paid', 'Refunding'))");
        var cancelledBefore = await sql.ScalarAsync("SELECT count(*) FROM last_rows l WHERE l.state = 'Cancelled'") - cancelledAfter;

        Assert.Multiple(() =>
        {
            Assert.That(funnel.Number("started"), Is.EqualTo(started), funnel.ToString);
            Assert.That(funnel.Number("priced"), Is.EqualTo(priced));
            Assert.That(funnel.Number("paid"), Is.EqualTo(paid));
            Assert.That(funnel.Number("shipped"), Is.EqualTo(shipped));
            Assert.That(Counts(funnel, "now"), Is.EquivalentTo(now));
            Assert.That(Counts(funnel, "rejectedByReasonCode"), Is.EquivalentTo(rejected));
            Assert.That(Counts(funnel, "paymentFailedByReason"), Is.EquivalentTo(declined));
            Assert.That(Counts(funnel, "timedOutAtStep"), Is.EquivalentTo(timedOut));
            Assert.That(funnel.GetProperty("cancelled").Number("beforePayment"), Is.EqualTo(cancelledBefore));
            Assert.That(funnel.GetProperty("cancelled").Number("afterPayment"), Is.EqualTo(cancelledAfter));
            Assert.That(funnel.Items("steps").Select(Step), Is.EqualTo(expectedSteps));
        });
    }

    [TestCase("from=yesterday", "from")]
    [TestCase("to=2026-13-40T00:00:00Z", "to")]
    [TestCase("from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z", "from")]
    [TestCase("from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    public async Task Should_refuse_a_window_it_cannot_read(string query, string field)
    {
        var response = await AdminSetup.Admin().GetAsync($"/admin/funnel?{query}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Json.GetProperty("errors").PropertyNames(), Is.EqualTo(ApiJson.Names(field)));
    }

    [Test]
    public async Task Should_need_the_admin_key()
    {
        var response = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/admin/funnel");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized), response.ToString);
    }

    private async Task<JsonElement> GetFunnelAsync()
    {
        var response = await AdminSetup.Admin().GetAsync($"/admin/funnel?from={Iso(_from)}&to={Iso(_to)}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        return response.Json;
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static Dictionary<string, long> Counts(JsonElement funnel, string property) =>
        funnel.Items(property).ToDictionary(i => i.Text("key")!, i => i.Number("count"));

    private static string Step(JsonElement step) => string.Create(CultureInfo.InvariantCulture,
        $"{step.Text("from")}->{step.Text("to")} {step.Number("count")} {Seconds(step, "medianSeconds")} {Seconds(step, "p95Seconds")}");

    private static string Seconds(JsonElement step, string property) =>
        step.GetProperty(property).ValueKind == JsonValueKind.Null ? "none" : step.GetProperty(property).GetDouble().ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Plain SQL over checkout_timeline, written apart from the service's queries: the cohort is every checkout whose
    /// earliest row is in the window; a checkout's last row is the one no later row follows.
    /// </summary>
    private sealed class TimelineSql(string connectionString, DateTimeOffset from, DateTimeOffset to) : IAsyncDisposable
    {
        private const string With = """
            WITH cohort AS (
                SELECT t.correlation_id FROM checkout_timeline t
                WHERE t.at >= @from AND t.at < @to
                  AND NOT EXISTS (SELECT 1 FROM checkout_timeline e WHERE e.correlation_id = t.correlation_id AND e.id < t.id)
            ), last_rows AS (
                SELECT t.* FROM checkout_timeline t JOIN cohort c ON c.correlation_id = t.correlation_id
                WHERE NOT EXISTS (SELECT 1 FROM checkout_timeline n WHERE n.correlation_id = t.correlation_id AND n.id > t.id)
            )
            """;

        private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

        public async Task<long> ScalarAsync(string select)
        {
            await using var command = Command(select);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async Task<Dictionary<string, long>> CountsAsync(string select)
        {
            await using var command = Command(select);
            await using var reader = await command.ExecuteReaderAsync();
            var counts = new Dictionary<string, long>();
            while (await reader.ReadAsync())
                counts[reader.IsDBNull(0) ? "none" : reader.GetString(0)] = reader.GetInt64(1);
            return counts;
        }

        /// <summary>Time from entering one state to entering the next when that next is <paramref name="toState"/>, by self-join.</summary>
        public async Task<string> StepAsync(string fromState, string toState)
        {
            await using var command = Command($"""
                SELECT count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - a.at)),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - a.at))
                FROM checkout_timeline a
                JOIN cohort c ON c.correlation_id = a.correlation_id
                JOIN checkout_timeline b ON b.correlation_id = a.correlation_id
                 AND b.id = (SELECT min(x.id) FROM checkout_timeline x WHERE x.correlation_id = a.correlation_id AND x.id > a.id)
                WHERE a.state = '{fromState}' AND b.state = '{toState}'
                """);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            string Seconds(int i) => reader.IsDBNull(i) ? "none" : Math.Round(reader.GetDouble(i), 3).ToString("0.000", CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{fromState}->{toState} {reader.GetInt64(0)} {Seconds(1)} {Seconds(2)}");
        }

        public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

        private NpgsqlCommand Command(string select)
        {
            var command = _dataSource.CreateCommand(With + select);
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
            return command;
        }
    }
}
