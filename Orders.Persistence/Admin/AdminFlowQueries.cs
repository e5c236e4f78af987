using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Flow;

namespace Orders.Persistence.Admin;

/// <summary>
/// The flow and the funnel, read from <c>checkout_timeline</c> (one row per state a checkout entered, ids in the
/// order it entered them) and <c>checkout_sagas</c>. A checkout's first row is its entry into the flow: the
/// transition from the machine's initial state.
/// </summary>
public sealed class AdminFlowQueries(IDbContextFactory<OrdersDbContext> dbContexts, TimeProvider clock)
{
    private static readonly FlowGraph Graph = FlowGraph.OfOrders();
    private static readonly FlowLayout Layout = FlowLayout.Of(Graph);

    /// <summary>The cohort (checkouts whose first timeline row is in [@from, @to)) and each of its timeline rows with its neighbours.</summary>
    private const string Cohort = """
            WITH cohort AS (
                SELECT f.correlation_id
                FROM (SELECT DISTINCT ON (correlation_id) correlation_id, at
                      FROM checkout_timeline
                      WHERE correlation_id IN (SELECT correlation_id FROM checkout_timeline WHERE at >= @from AND at < @to)
                      ORDER BY correlation_id, id) AS f
                WHERE f.at >= @from AND f.at < @to
            ), steps AS (
                SELECT t.correlation_id, t.state, t.reason_code, t.at,
                       lag(t.state) OVER w AS previous,
                       lead(t.state) OVER w AS next,
                       lead(t.at) OVER w AS next_at,
                       row_number() OVER (PARTITION BY t.correlation_id ORDER BY t.id DESC) AS from_end
                FROM checkout_timeline t JOIN cohort c ON c.correlation_id = t.correlation_id
                WINDOW w AS (PARTITION BY t.correlation_id ORDER BY t.id)
            )
            """;

    public async Task<FlowView> FlowAsync(string windowName, TimeSpan window, TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        var to = clock.GetUtcNow();
        var from = to - window;
        var stuckBefore = to - stuckAfter;
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var counts = await db.Checkouts.AsNoTracking()
                .GroupBy(s => s.CurrentState)
                .Select(g => new { State = g.Key, Count = g.Count(), Stuck = g.Count(s => AdminStates.Waiting.Contains(s.CurrentState) && s.UpdatedAt <= stuckBefore) })
                .ToDictionaryAsync(c => c.State, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

            var moves = await db.Database.SqlQuery<Move>($"""
                SELECT coalesce(t.previous, {Graph.Start}) AS "From", t.state AS "To", count(*)::int AS "Count"
                FROM (
                    SELECT state, at, lag(state) OVER (PARTITION BY correlation_id ORDER BY id) AS previous
                    FROM checkout_timeline
                    WHERE correlation_id IN (SELECT correlation_id FROM checkout_timeline WHERE at >= {from} AND at < {to})
                ) AS t
                WHERE t.at >= {from} AND t.at < {to}
                GROUP BY 1, 2
                """).ToListAsync(cancellationToken).ConfigureAwait(false);

            var states = Layout.Nodes.Select(n => new FlowStateView(
                n.State, counts.GetValueOrDefault(n.State)?.Count ?? 0, counts.GetValueOrDefault(n.State)?.Stuck ?? 0,
                n.X, n.Y, n.Width, n.Height, n.IsStart, n.IsEnd, n.Row == 0, AdminStates.Waiting.Contains(n.State))).ToList();
            var transitions = Layout.Edges.Select(e => new FlowTransitionView(
                e.From, e.To, e.Events, e.Label, e.Path, e.LabelX, e.LabelY,
                moves.Where(m => m.From == e.From && m.To == e.To).Sum(m => m.Count))).ToList();
            return new FlowView(windowName, from, to, (int)stuckAfter.TotalMinutes, Layout.Width, Layout.Height, states, transitions);
        }
    }

    public async Task<FunnelView> FunnelAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var parameters = new object[] { new Npgsql.NpgsqlParameter("from", from), new Npgsql.NpgsqlParameter("to", to) };

            var reached = await db.Database.SqlQueryRaw<Reached>(Cohort + """
                SELECT state AS "State", count(DISTINCT correlation_id)::int AS "Count" FROM steps GROUP BY state
                """, Clone(parameters)).ToListAsync(cancellationToken).ConfigureAwait(false);

            var ends = await db.Database.SqlQueryRaw<End>(Cohort + $"""
                SELECT s.state AS "State", s.reason_code AS "ReasonCode", cs.reason AS "Reason", s.previous AS "Previous",
                       EXISTS (SELECT 1 FROM steps p WHERE p.correlation_id = s.correlation_id AND p.state IN ('{nameof(OrderStateMachine.Paid)}', '{nameof(OrderStateMachine.Refunding)}')) AS "Charged",
                       count(*)::int AS "Count"
                FROM steps s JOIN checkout_sagas cs ON cs.correlation_id = s.correlation_id
                WHERE s.from_end = 1
                GROUP BY 1, 2, 3, 4, 5
                """, Clone(parameters)).ToListAsync(cancellationToken).ConfigureAwait(false);

            var durations = await db.Database.SqlQueryRaw<Duration>(Cohort + """
                SELECT state AS "From", next AS "To", count(*)::int AS "Count",
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM next_at - at)) AS "MedianSeconds",
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM next_at - at)) AS "P95Seconds"
                FROM steps WHERE next IS NOT NULL
                GROUP BY state, next
                """, Clone(parameters)).ToListAsync(cancellationToken).ConfigureAwait(false);

            return Funnel(from, to, reached, ends, durations);
        }
    }

    private static FunnelView Funnel(DateTimeOffset from, DateTimeOffset to, List<Reached> reached, List<End> ends, List<Duration> durations)
    {
        int Reached(string state) => reached.Where(r => r.State == state).Sum(r => r.Count);
        static List<FunnelCountView> By(IEnumerable<End> rows, Func<End, string> key) =>
            rows.GroupBy(key).Select(g => new FunnelCountView(g.Key, g.Sum(e => e.Count))).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        IEnumerable<End> EndedIn(string state) => ends.Where(e => e.State == state);

        var mainPath = Layout.Nodes.Where(n => n.Row == 0 && !n.IsStart).OrderBy(n => n.Column).Select(n => n.State).ToList();
        var steps = mainPath.Zip(mainPath.Skip(1)).Select(p =>
        {
            var d = durations.SingleOrDefault(x => x.From == p.First && x.To == p.Second);
            return new FunnelStepView(p.First, p.Second, d?.Count ?? 0, Round(d?.MedianSeconds), Round(d?.P95Seconds));
        }).ToList();

        var cancelled = EndedIn(nameof(OrderStateMachine.Cancelled)).ToList();
        return new FunnelView(
            from, to,
            Reached(nameof(OrderStateMachine.Pricing)),
            Reached(nameof(OrderStateMachine.AwaitingPayment)),
            Reached(nameof(OrderStateMachine.Paid)),
            Reached(nameof(OrderStateMachine.Shipped)),
            AdminStates.All.Select(s => new FunnelCountView(s, EndedIn(s).Sum(e => e.Count))).Where(c => c.Count > 0).ToList(),
            By(EndedIn(nameof(OrderStateMachine.Rejected)), e => e.ReasonCode ?? "none"),
            By(EndedIn(nameof(OrderStateMachine.PaymentFailed)), e => e.Reason ?? e.ReasonCode ?? "none"),
            By(EndedIn(nameof(OrderStateMachine.TimedOut)), e => e.Previous ?? "none"),
            new FunnelCancelledView(cancelled.Where(e => !e.Charged).Sum(e => e.Count), cancelled.Where(e => e.Charged).Sum(e => e.Count)),
            steps);
    }

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 3) : null;

    // A parameter belongs to one command: each query gets its own copies.
    private static object[] Clone(object[] parameters) =>
        parameters.Cast<Npgsql.NpgsqlParameter>().Select(p => (object)p.Clone()).ToArray();

    private sealed record Move(string From, string To, int Count);

    private sealed record Reached(string State, int Count);

    private sealed record End(string State, string? ReasonCode, string? Reason, string? Previous, bool Charged, int Count);

    private sealed record Duration(string From, string To, int Count, double? MedianSeconds, double? P95Seconds);
}
