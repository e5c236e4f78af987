using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Persistence;

/// <summary>
/// Order ids from the <c>order_numbers</c> sequence. Inside a saga step it asks on the step's own
/// connection, so a step never holds one pooled connection while it waits for a second. A number drawn
/// by a step that then rolls back is skipped, never handed out twice.
/// </summary>
public sealed class PostgresOrderNumbers(SagaStepDbContext step, IDbContextFactory<OrdersDbContext> dbContexts) : IOrderNumbers
{
    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        if (step.Current is { } db)
            return await NextAsync(db, cancellationToken).ConfigureAwait(false);

        var own = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (own.ConfigureAwait(false))
            return await NextAsync(own, cancellationToken).ConfigureAwait(false);
    }

    private static Task<long> NextAsync(OrdersDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<long>($"SELECT nextval('{OrdersDbContext.OrderNumberSequence}') AS \"Value\"").SingleAsync(cancellationToken);
}
