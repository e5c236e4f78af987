namespace Orders.StateMachine.Checkout;

/// <summary>Hands out order ids. The storage behind the saga decides where they come from.</summary>
public interface IOrderNumbers
{
    Task<long> NextAsync(CancellationToken cancellationToken);
}
