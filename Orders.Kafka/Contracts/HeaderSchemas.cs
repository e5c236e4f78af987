using System.Text.Json.Nodes;
using Orders.Contracts.Topics;

namespace Orders.Kafka.Contracts;

/// <summary>
/// The Kafka record headers of each message as a JSON Schema object (UTF-8 text values). What OrderSaga sends always
/// has its type and its outbox id, and a trace when the step that wrote it had one; what it reads needs the type only
/// on a topic that carries several.
/// </summary>
public static class HeaderSchemas
{
    /// <summary>W3C Trace Context version 00: version, trace id, parent span id, flags.</summary>
    public const string TraceParentPattern = "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$";

    public static JsonObject For(string messageType, MessageDirection direction, bool topicCarriesSeveralTypes)
    {
        var properties = new JsonObject
        {
            [MessageHeaders.MessageType] = new JsonObject
            {
                ["description"] = topicCarriesSeveralTypes
                    ? "The message's type. Required: this topic carries more than one."
                    : "The message's type. May be left out: this topic carries only this one.",
                ["type"] = "string",
                ["const"] = messageType,
            },
        };
        if (direction == MessageDirection.Sent)
        {
            properties[MessageHeaders.MessageId] = new JsonObject
            {
                ["description"] = "The id of the outbox row the record came from: a redelivered copy has the same one, so a consumer can drop it.",
                ["type"] = "string",
                ["format"] = "uuid",
            };
        }
        properties[MessageHeaders.TraceParent] = TraceParent(direction);
        properties[MessageHeaders.TraceState] = new JsonObject
        {
            ["description"] = "The W3C Trace Context tracestate, beside traceparent when the trace has one.",
            ["type"] = "string",
        };

        JsonArray required = direction == MessageDirection.Sent
            ? [MessageHeaders.MessageType, MessageHeaders.MessageId]
            : topicCarriesSeveralTypes ? [MessageHeaders.MessageType] : [];
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
            schema["required"] = required;
        return schema;
    }

    /// <summary>An example header set for a message of this type.</summary>
    public static JsonObject Example(string messageType, MessageDirection direction)
    {
        var example = new JsonObject { [MessageHeaders.MessageType] = messageType };
        if (direction == MessageDirection.Sent)
            example[MessageHeaders.MessageId] = "0193a5f2-6c1e-7b4a-9d3e-5f0a1b2c3d4e";
        example[MessageHeaders.TraceParent] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        return example;
    }

    public static JsonObject TraceParent(MessageDirection direction) => new()
    {
        ["description"] = direction == MessageDirection.Sent
            ? "The W3C Trace Context traceparent of the step that produced the record, when that step ran in a trace: it does after an HTTP request " +
              "or any record it read (one that came without traceparent starts a new trace), not always after a deadline. Put it in your answer's traceparent to keep the checkout in one trace."
            : "The W3C Trace Context traceparent of the sender's span: OrderSaga continues that trace. Without it, or malformed, the record is processed in a trace of its own.",
        ["type"] = "string",
        ["pattern"] = TraceParentPattern,
    };
}
