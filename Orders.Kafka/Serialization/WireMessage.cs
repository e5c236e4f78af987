using Orders.Kafka.Configuration;

namespace Orders.Kafka.Serialization;

/// <summary>
/// One message as it travels on Kafka: its type name (the message-type header), its contract, the
/// topic setting that carries it, how its key is found and what makes its values invalid.
/// </summary>
public sealed class WireMessage
{
    private readonly Func<KafkaTopics, string> _topic;
    private readonly Func<object, string> _key;
    private readonly Func<object, string?> _problem;

    private WireMessage(string type, Type contract, Func<KafkaTopics, string> topic, Func<object, string> key, Func<object, string?> problem)
    {
        Type = type;
        Contract = contract;
        _topic = topic;
        _key = key;
        _problem = problem;
    }

    /// <summary>The message-type header value, e.g. "payment.request".</summary>
    public string Type { get; }

    /// <summary>The CLR record in Orders.Contracts.</summary>
    public Type Contract { get; }

    public static WireMessage Of<T>(string type, Func<KafkaTopics, string> topic, Func<T, string> key, Func<T, string?> problem)
        where T : class =>
        new(type, typeof(T), topic, m => key((T)m), m => problem((T)m));

    public string TopicIn(KafkaTopics topics) => _topic(topics);

    /// <summary>The record key: the checkout's requestId, so one checkout's messages keep their order.</summary>
    public string KeyOf(object message) => _key(message);

    /// <summary>Why a decoded message cannot be processed, or null when its values are usable.</summary>
    public string? ProblemWith(object message) => _problem(message);
}
