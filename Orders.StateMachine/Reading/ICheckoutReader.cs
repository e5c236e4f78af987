namespace Orders.StateMachine.Reading;

/// <summary>What the API reads: one checkout with its timeline, and a user's orders newest first.</summary>
public interface ICheckoutReader
{
    Task<CheckoutSnapshot?> FindAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The user's checkouts that became orders, newest first; page is 1-based.</summary>
    Task<OrdersPage> ListOrdersAsync(long userId, int page, int pageSize, CancellationToken cancellationToken);
}
