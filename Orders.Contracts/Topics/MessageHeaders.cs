namespace Orders.Contracts.Topics;

/// <summary>Names of the Kafka record headers OrderSaga reads and writes.</summary>
public static class MessageHeaders
{
    /// <summary>The message's type, one of <see cref="MessageTypes"/>, as UTF-8 text.</summary>
    public const string MessageType = "message-type";
}
