using MassTransit;
using Orders.Contracts;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Deadlines;
using Orders.StateMachine.Reading;

namespace Orders.Tests.Support;

/// <summary>Finds due deadlines through MassTransit's saga query and load interfaces.</summary>
public sealed class SagaRepositoryDueDeadlines(IQuerySagaRepository<OrderState> query, ILoadSagaRepository<OrderState> load) : IDueDeadlines
{
    public async Task<IReadOnlyList<CheckoutDeadlineExpired>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var ids = await query.Find(new ExpressionSagaQuery<OrderState>(s => s.DeadlineAt != null && s.DeadlineAt <= now)).ConfigureAwait(false);
        var due = new List<CheckoutDeadlineExpired>();
        foreach (var id in ids.Take(limit))
        {
            // Read once: the saga may move on between the query and this load.
            if (await load.Load(id).ConfigureAwait(false) is { DeadlineToken: { } token, DeadlineAt: { } at } saga && at <= now)
                due.Add(new CheckoutDeadlineExpired { RequestId = saga.RequestId, DeadlineToken = token });
        }
        return due;
    }
}
