namespace Orders.StateMachine.Checkout;

/// <summary>
/// A step of an open batch of saga steps failed (the repository runs several steps in one transaction). It carries
/// the step's own exception and is never retried where it is thrown (<see cref="OrderStateDefinition"/>): the step's
/// changes are mixed with the batch's, so the whole batch is rolled back instead, and its messages are applied again
/// one by one, each with its own retries.
/// </summary>
public sealed class SagaBatchAbortedException : Exception
{
    public SagaBatchAbortedException(Exception innerException)
        : base($"A step of a saga batch failed ({innerException?.GetType().Name}: {innerException?.Message}); the batch is rolled back", innerException)
    {
    }

    public SagaBatchAbortedException()
    {
    }

    public SagaBatchAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
