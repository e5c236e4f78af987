using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.Contracts.Topics;
using Orders.Kafka.Configuration;

namespace Orders.Kafka.Serialization;

/// <summary>
/// Turns contract records into Kafka records and back, for the topic names in use: plain JSON
/// bodies (no envelope), keyed by requestId, with the message-type header.
/// </summary>
/// <remarks>
/// Reading follows the rule in <see cref="MessageTypes"/>: the header decides the type; without it
/// a topic that carries one type implies that type, and a topic that carries several cannot be read.
/// </remarks>
public sealed class KafkaMessageCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly KafkaTopics _topics;
    private readonly Dictionary<string, WireMessage[]> _typesByTopic;

    public KafkaMessageCodec(KafkaTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _topics = topics;
        _typesByTopic = WireCatalog.All
            .GroupBy(m => m.TopicIn(topics), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The topic that carries messages of this contract.</summary>
    public string TopicOf(Type contract) => WireCatalog.ForContract(contract).TopicIn(_topics);

    public string TopicOf<T>() => TopicOf(typeof(T));

    /// <summary>The Kafka record for a contract record and its topic: key requestId, JSON body, message-type header.</summary>
    public OutgoingRecord Encode(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var wire = WireCatalog.ForContract(message.GetType());
        return new OutgoingRecord(wire.TopicIn(_topics), new Message<string, byte[]>
        {
            Key = wire.KeyOf(message),
            Value = JsonSerializer.SerializeToUtf8Bytes(message, wire.Contract, WireJson.Options),
            Headers = new Headers { { MessageHeaders.MessageType, Encoding.UTF8.GetBytes(wire.Type) } },
        });
    }

    public DecodeResult Decode(ConsumeResult<string, byte[]> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Decode(record.Topic, record.Message?.Headers, record.Message?.Value);
    }

    /// <summary>Reads a record's body as the message its topic and header say it is, or says why it cannot.</summary>
    public DecodeResult Decode(string topic, Headers? headers, byte[]? value)
    {
        if (!_typesByTopic.TryGetValue(topic, out var carried))
            return new PoisonRecord($"topic '{topic}' carries no OrderSaga message");

        var wire = TypeOf(topic, carried, headers, out var problem);
        if (wire is null)
            return new PoisonRecord(problem!);

        if (value is null || value.Length == 0)
            return new PoisonRecord($"{wire.Type}: the record has no body");

        object? message;
        try
        {
            message = JsonSerializer.Deserialize(value, wire.Contract, WireJson.Options);
        }
        catch (JsonException ex)
        {
            return new PoisonRecord($"{wire.Type}: the JSON body does not fit the message: {ex.Message}");
        }

        if (message is null)
            return new PoisonRecord($"{wire.Type}: the body is JSON null");

        return wire.ProblemWith(message) is { } invalid
            ? new PoisonRecord($"{wire.Type}: {invalid}")
            : new DecodedMessage(wire.Type, message);
    }

    private static WireMessage? TypeOf(string topic, WireMessage[] carried, Headers? headers, out string? problem)
    {
        problem = null;
        if (headers is null || !headers.TryGetLastBytes(MessageHeaders.MessageType, out var header))
        {
            if (carried.Length == 1)
                return carried[0];

            problem = $"the {MessageHeaders.MessageType} header is required on topic '{topic}', which carries {Names(carried)}";
            return null;
        }

        string type;
        try
        {
            type = StrictUtf8.GetString(header);
        }
        catch (ArgumentException)
        {
            problem = $"the {MessageHeaders.MessageType} header is not UTF-8 text";
            return null;
        }

        if (WireCatalog.FindType(type) is not { } wire)
        {
            problem = $"unknown message type '{type}' in the {MessageHeaders.MessageType} header";
            return null;
        }

        if (!carried.Contains(wire))
        {
            problem = $"message type '{type}' does not belong on topic '{topic}', which carries {Names(carried)}";
            return null;
        }

        return wire;
    }

    private static string Names(WireMessage[] carried) => string.Join(" and ", carried.Select(m => m.Type));
}
