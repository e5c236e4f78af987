namespace Orders.Kafka.Contracts;

/// <summary>Which way a message travels, seen from OrderSaga.</summary>
public enum MessageDirection
{
    /// <summary>OrderSaga writes it; other teams read it.</summary>
    Sent,

    /// <summary>Another team writes it; OrderSaga reads it.</summary>
    Received,
}
