namespace Orders.Persistence.Admin;

/// <summary>A replayed record could not be produced; the reason is fit for an operator to read.</summary>
public sealed class DeadLetterReplayException : Exception
{
    public DeadLetterReplayException()
    {
    }

    public DeadLetterReplayException(string message)
        : base(message)
    {
    }

    public DeadLetterReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
