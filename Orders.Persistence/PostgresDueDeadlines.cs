using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.StateMachine.Deadlines;

namespace Orders.Persistence;

/// <summary>
/// Finds due deadlines in <c>checkout_sagas</c> and claims them, so that several instances sweeping at
/// once fire each deadline once. <c>FOR UPDATE SKIP LOCKED</c> keeps concurrent sweeps off each other's
/// rows while they claim; the claim (the deadline's token and a lease) keeps a later sweep off a
/// deadline already fired. A notice that got lost is fired again when the lease runs out; one that
/// arrives twice is ignored by the saga, which checks the token.
/// </summary>
public sealed class PostgresDueDeadlines(IDbContextFactory<OrdersDbContext> dbContexts) : IDueDeadlines
{
    /// <summary>How long a fired deadline is left alone before it is fired again, if the checkout still waits on it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<CheckoutDeadlineExpired>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var leaseEnd = now + ClaimLease;
        var db = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var due = await db.Database.SqlQuery<DueDeadline>($"""
                UPDATE checkout_sagas AS s
                SET deadline_claim_token = s.deadline_token, deadline_claimed_until = {leaseEnd}
                FROM (
                    SELECT correlation_id
                    FROM checkout_sagas
                    WHERE deadline_at <= {now}
                      AND deadline_token IS NOT NULL
                      AND (deadline_claim_token IS DISTINCT FROM deadline_token OR deadline_claimed_until <= {now})
                    ORDER BY deadline_at
                    LIMIT {limit}
                    FOR UPDATE SKIP LOCKED
                ) AS due
                WHERE s.correlation_id = due.correlation_id
                RETURNING s.request_id AS "RequestId", s.deadline_token AS "DeadlineToken", s.deadline_at AS "DeadlineAt"
                """).ToListAsync(cancellationToken).ConfigureAwait(false);

            return due.OrderBy(d => d.DeadlineAt)
                .Select(d => new CheckoutDeadlineExpired { RequestId = d.RequestId, DeadlineToken = d.DeadlineToken })
                .ToList();
        }
    }

    private sealed record DueDeadline(string RequestId, Guid DeadlineToken, DateTimeOffset DeadlineAt);
}
