using Orders.StateMachine.Checkout;

namespace Orders.Tests.Support;

/// <summary>Order ids for a saga kept in memory: they start again at 1 with the process, as its sagas do.</summary>
public sealed class InMemoryOrderNumbers : IOrderNumbers
{
    private long _last;

    public Task<long> NextAsync(CancellationToken cancellationToken) => Task.FromResult(Interlocked.Increment(ref _last));
}
