namespace Orders.StateMachine.Checkout;

/// <summary>
/// An answer or notice names a requestId no checkout has. Retrying cannot help: the record is dead-lettered
/// (on Kafka) or faulted (on a bus), never applied.
/// </summary>
public sealed class UnknownCheckoutException : Exception
{
    public UnknownCheckoutException(string requestId, string messageName)
        : base($"{messageName} names requestId '{requestId}', which no checkout has")
    {
        RequestId = requestId;
    }

    public UnknownCheckoutException()
    {
        RequestId = "";
    }

    public UnknownCheckoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        RequestId = "";
    }

    public string RequestId { get; }
}
