namespace Orders.Persistence;

/// <summary>
/// The DbContext of the saga step running in this message scope, for scoped services that take part in
/// the step without seeing its consume context (such as <see cref="PostgresOrderNumbers"/>). Activities
/// that do see it find the same DbContext as a payload: <c>context.GetPayload&lt;OrdersDbContext&gt;()</c>.
/// </summary>
public sealed class SagaStepDbContext
{
    public OrdersDbContext? Current { get; private set; }

    /// <summary>Makes the DbContext current until the returned scope is disposed.</summary>
    public IDisposable Enter(OrdersDbContext db)
    {
        var previous = Current;
        Current = db;
        return new Exit(this, previous);
    }

    private sealed class Exit(SagaStepDbContext owner, OrdersDbContext? previous) : IDisposable
    {
        public void Dispose() => owner.Current = previous;
    }
}
