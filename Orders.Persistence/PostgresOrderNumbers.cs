using Microsoft.EntityFrameworkCore;
using Orders.StateMachine.Checkout;

namespace Orders.Persistence;

/// <summary>
/// Order ids from the <c>order_numbers</c> sequence, a block at a time (<see cref="OrderNumberBlock"/>). Inside a
/// saga step a block is drawn on the step's own connection, so a step never holds one pooled connection while it
/// waits for a second. A number drawn by a step that then rolls back is skipped, never handed out twice.
/// </summary>
public sealed class PostgresOrderNumbers(SagaStepDbContext step, OrderNumberBlock block, IDbContextFactory<OrdersDbContext> dbContexts) : IOrderNumbers
{
    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        if (step.Current is { } db)
            return await block.NextAsync(db, cancellationToken).ConfigureAwait(false);

        var own = await dbContexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (own.ConfigureAwait(false))
            return await block.NextAsync(own, cancellationToken).ConfigureAwait(false);
    }
}
