using Orders.StateMachine.Checkout;

namespace Orders.Tests.Persistence;

/// <summary>
/// Order numbers that hold the first <c>racers</c> callers until all of them have drawn one: that many
/// deliveries are then certainly inside the same step of the same checkout at once, each with the
/// checkout as it was before any of them saved. Later callers pass straight through.
/// </summary>
public sealed class GatedOrderNumbers(IOrderNumbers inner, GatedOrderNumbers.Gate gate) : IOrderNumbers
{
    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        var number = await inner.NextAsync(cancellationToken);
        await gate.ArriveAsync();
        return number;
    }

    public sealed class Gate(int racers)
    {
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) >= racers)
                _allArrived.TrySetResult();
            return _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
