using Orders.Contracts;

namespace Orders.StateMachine.Deadlines;

/// <summary>Finds the checkouts whose pending deadline has passed. The saga's storage provides it.</summary>
public interface IDueDeadlines
{
    Task<IReadOnlyList<CheckoutDeadlineExpired>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
