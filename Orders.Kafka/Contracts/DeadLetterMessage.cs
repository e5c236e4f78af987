using System.Text.Json.Nodes;
using Orders.Contracts.Topics;
using Orders.Kafka.DeadLetters;

namespace Orders.Kafka.Contracts;

/// <summary>
/// What <see cref="DeadLetterWriter"/> puts on the dead-letter topic: the record it could not process, key, value
/// and headers unchanged, plus the dead-letter-* headers naming the error and where the record was read.
/// </summary>
public static class DeadLetterMessage
{
    public const string Name = "deadLetter";

    public static JsonObject Create() => new()
    {
        ["name"] = Name,
        ["title"] = "Dead letter",
        ["summary"] = "A record OrderSaga could never process, set aside with the reason and its origin.",
        ["description"] = "Key, value and headers are the original record's, unchanged (the value need not be JSON: it may be what could not be read). " +
            "Operators replay one with POST /admin/dead-letters/{id}/replay once its cause is fixed.",
        ["contentType"] = "application/octet-stream",
        ["headers"] = Headers(),
        ["payload"] = new JsonObject { ["description"] = "The original record's value, byte for byte." },
        ["bindings"] = new JsonObject
        {
            ["kafka"] = new JsonObject
            {
                ["key"] = new JsonObject { ["description"] = "The original record's key (its requestId when it had one).", ["type"] = new JsonArray("string", "null") },
                ["bindingVersion"] = AsyncApiDocument.KafkaBindingVersion,
            },
        },
        ["x-version"] = MessageContracts.InitialVersion,
        ["examples"] = new JsonArray(new JsonObject
        {
            ["name"] = "unknownCheckout",
            ["summary"] = "A payment answer for a checkout that does not exist.",
            ["headers"] = new JsonObject
            {
                [MessageHeaders.MessageType] = MessageTypes.PaymentResponse,
                [MessageHeaders.DeadLetterError] = "payment.response: PaymentResponseEvent names requestId 'x', which no checkout has",
                [MessageHeaders.DeadLetterTopic] = TopicNames.PaymentResponses,
                [MessageHeaders.DeadLetterPartition] = "3",
                [MessageHeaders.DeadLetterOffset] = "17",
                [MessageHeaders.DeadLetterGroup] = "order-saga",
                [MessageHeaders.DeadLetterAt] = "2026-11-22T10:00:00.0000000+00:00",
            },
            ["payload"] = """{"requestId":"x","success":true,"transactionId":"txn-x","reason":null}""",
        }),
    };

    private static JsonObject Headers()
    {
        static JsonObject Text(string description, string? pattern = null, string? format = null)
        {
            var schema = new JsonObject { ["description"] = description, ["type"] = "string" };
            if (pattern is not null)
                schema["pattern"] = pattern;
            if (format is not null)
                schema["format"] = format;
            return schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The original record's headers, and these.",
            ["properties"] = new JsonObject
            {
                [MessageHeaders.DeadLetterError] = Text($"Why it could not be processed (at most {DeadLetterWriter.MaxErrorLength} characters)."),
                [MessageHeaders.DeadLetterTopic] = Text("The topic it was read from."),
                [MessageHeaders.DeadLetterPartition] = Text("Its partition there, a decimal number.", "^[0-9]+$"),
                [MessageHeaders.DeadLetterOffset] = Text("Its offset there, a decimal number.", "^[0-9]+$"),
                [MessageHeaders.DeadLetterGroup] = Text("The consumer group that set it aside."),
                [MessageHeaders.DeadLetterAt] = Text("When it was set aside, ISO 8601 UTC.", format: "date-time"),
                [MessageHeaders.TraceParent] = HeaderSchemas.TraceParent(MessageDirection.Sent),
            },
            ["required"] = new JsonArray(
                MessageHeaders.DeadLetterError, MessageHeaders.DeadLetterTopic, MessageHeaders.DeadLetterPartition,
                MessageHeaders.DeadLetterOffset, MessageHeaders.DeadLetterGroup, MessageHeaders.DeadLetterAt),
        };
    }
}
