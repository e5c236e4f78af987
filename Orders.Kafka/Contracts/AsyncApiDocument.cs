using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Contracts.Topics;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;

namespace Orders.Kafka.Contracts;

/// <summary>
/// The AsyncAPI 3.0 document of every topic OrderSaga reads or writes, made from <see cref="WireCatalog"/> (types,
/// contracts, topics, keys), <see cref="MessageContracts"/> (direction, counterpart, version, example) and the
/// contracts' own JSON Schemas. Operations are OrderSaga's: it sends what others receive and receives what others send.
/// </summary>
public static class AsyncApiDocument
{
    /// <summary>The version of the whole contract; each message has its own in x-version.</summary>
    public const string ContractVersion = "1.0.0";

    public const string KafkaBindingVersion = "0.5.0";

    /// <summary>Where the repository explains the document to other teams.</summary>
    public const string GuidePath = "docs/messages.md";

    /// <summary>murmur2 of the key, as Kafka's Java client and Kafka Streams partition.</summary>
    public const string Partitioner = "murmur2";

    /// <summary>The licence both contracts (this one and the HTTP API's OpenAPI document) are published under.</summary>
    public const string LicenceName = "Proprietary: for the services of this e-commerce system";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Patterns and prose stay readable: no \u002B for + or \u0027 for '.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document for the topic names in use (the defaults give the committed docs/asyncapi.json).</summary>
    public static JsonObject Create(KafkaTopics topics, string groupId)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();

        foreach (var (setting, topic) in topics.BySetting())
        {
            var carried = WireCatalog.All.Where(m => m.TopicIn(topics) == topic).ToList();
            var channelId = CamelCase(setting);
            var channelMessages = new JsonObject();
            if (setting == nameof(KafkaTopics.DeadLetter))
            {
                messages[DeadLetterMessage.Name] = DeadLetterMessage.Create();
                channelMessages[DeadLetterMessage.Name] = Ref($"#/components/messages/{DeadLetterMessage.Name}");
                operations["sendDeadLetter"] = Operation("send", channelId, [DeadLetterMessage.Name],
                    "OrderSaga sets aside a record it can never process", "Read by operators and their tools; OrderSaga writes it and never reads it back.");
            }

            foreach (var wire in carried)
            {
                var contract = MessageContracts.For(wire);
                var name = MessageName(wire.Type);
                schemas[wire.Contract.Name] = PayloadSchemas.For(wire.Contract);
                messages[name] = Message(wire, contract, carried.Count > 1);
                channelMessages[name] = Ref($"#/components/messages/{name}");
            }

            foreach (var direction in new[] { MessageDirection.Sent, MessageDirection.Received })
            {
                var mine = carried.Where(m => MessageContracts.For(m).Direction == direction).ToList();
                if (mine.Count == 0)
                    continue;
                var counterpart = MessageContracts.For(mine[0]).Counterpart;
                var operation = direction == MessageDirection.Sent
                    ? Operation("send", channelId, mine.Select(m => MessageName(m.Type)), $"OrderSaga sends to {counterpart}", $"Written by OrderSaga, read by {counterpart}.")
                    : Operation("receive", channelId, mine.Select(m => MessageName(m.Type)), $"OrderSaga receives from {counterpart}", $"Written by {counterpart}, read by OrderSaga in consumer group {groupId}.");
                if (direction == MessageDirection.Received)
                    operation["bindings"] = new JsonObject { ["kafka"] = new JsonObject { ["groupId"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(groupId) }, ["bindingVersion"] = KafkaBindingVersion } };
                operations[(direction == MessageDirection.Sent ? "send" : "receive") + char.ToUpperInvariant(channelId[0]) + channelId[1..]] = operation;
            }

            channels[channelId] = new JsonObject
            {
                ["address"] = topic,
                ["title"] = topic,
                ["description"] = ChannelDescription(setting, carried),
                ["messages"] = channelMessages,
                ["bindings"] = new JsonObject { ["kafka"] = new JsonObject { ["topic"] = topic, ["bindingVersion"] = KafkaBindingVersion } },
            };
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = Info(),
            ["defaultContentType"] = "application/json",
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    public static JsonObject Create() => Create(new KafkaTopics(), new KafkaOptions().GroupId);

    /// <summary>The document as the committed docs/asyncapi.json holds it: indented, one newline at the end.</summary>
    public static string ToText(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    public static string MessageName(string type)
    {
        var parts = type.Split('.', '_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static JsonObject Message(WireMessage wire, MessageContract contract, bool topicCarriesSeveralTypes)
    {
        var name = MessageName(wire.Type);
        return new JsonObject
        {
            ["name"] = wire.Type,
            ["title"] = wire.Contract.Name,
            ["summary"] = PayloadSchemas.For(wire.Contract)["description"]?.GetValue<string>(),
            ["contentType"] = "application/json",
            ["headers"] = HeaderSchemas.For(wire.Type, contract.Direction, topicCarriesSeveralTypes),
            ["payload"] = Ref($"#/components/schemas/{wire.Contract.Name}"),
            ["bindings"] = new JsonObject
            {
                ["kafka"] = new JsonObject
                {
                    ["key"] = new JsonObject
                    {
                        ["description"] = $"The checkout's requestId, so one checkout's messages keep their order. The partition is {Partitioner}(key) modulo the partition count, as Kafka's Java client computes it: set the same partitioner in other clients (librdkafka: partitioner=murmur2_random).",
                        ["type"] = "string",
                        ["pattern"] = WireRules.RequestIdPattern,
                    },
                    ["bindingVersion"] = KafkaBindingVersion,
                },
            },
            ["x-version"] = contract.Version,
            ["x-partitioner"] = Partitioner,
            ["examples"] = new JsonArray(new JsonObject
            {
                ["name"] = name,
                ["summary"] = "The example the docs show, word for word.",
                ["headers"] = HeaderSchemas.Example(wire.Type, contract.Direction),
                ["payload"] = JsonNode.Parse(contract.Example),
            }),
        };
    }

    private static JsonObject Operation(string action, string channelId, IEnumerable<string> messageNames, string title, string description) => new()
    {
        ["action"] = action,
        ["title"] = title,
        ["description"] = description,
        ["channel"] = Ref($"#/channels/{channelId}"),
        ["messages"] = new JsonArray([.. messageNames.Select(n => (JsonNode)Ref($"#/channels/{channelId}/messages/{n}"))]),
    };

    private static string ChannelDescription(string setting, List<WireMessage> carried)
    {
        var renamed = $"The name is the setting Kafka:Topics:{setting}.";
        if (setting == nameof(KafkaTopics.DeadLetter))
            return $"Records that could never be processed, with the reason and their origin in dead-letter-* headers. {renamed}";
        var types = string.Join(" and ", carried.Select(m => m.Type));
        var header = carried.Count > 1
            ? $"Carries {types}: the {MessageHeaders.MessageType} header is required on every record."
            : $"Carries {types} only: a record without a {MessageHeaders.MessageType} header is read as that.";
        return $"{header} Records are keyed by requestId. {renamed}";
    }

    private static JsonObject Info() => new()
    {
        ["title"] = "OrderSaga messages",
        ["version"] = ContractVersion,
        ["description"] =
            "Every Kafka message the OrderSaga order service reads or writes: it asks Product to price a checkout and Payment to charge " +
            "or refund it, hears when shipping starts, and tells any service that follows orders about each order's life on the orders topic. " +
            "Bodies are UTF-8 JSON without an envelope (but the orders topic's own); unknown properties must be ignored by readers. " +
            "A record that breaks a rule of this document is set aside on the dead-letter topic. Versioning, compatibility and code generation: " + GuidePath + ".",
        ["license"] = new JsonObject { ["name"] = LicenceName },
    };

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
