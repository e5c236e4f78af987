using Orders.StateMachine.Checkout;

namespace Orders.Persistence.Saga;

/// <summary>
/// What a checkout was when a saga step began: the state and order id the step's timeline entry and order rows are
/// decided against. Taken from the instance, not from EF Core's original values, because in a batch one checkout
/// may take several steps before anything is saved, and each step must see where the one before it left off.
/// </summary>
public readonly record struct SagaStepStart(string? State, long? OrderId)
{
    /// <summary>A checkout the step is creating.</summary>
    public static SagaStepStart New { get; } = new(null, null);

    public static SagaStepStart Of(OrderState saga)
    {
        ArgumentNullException.ThrowIfNull(saga);
        return new SagaStepStart(saga.CurrentState, saga.OrderId);
    }
}
