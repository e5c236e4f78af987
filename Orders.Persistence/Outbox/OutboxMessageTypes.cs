using System.Collections.Concurrent;
using System.Text.Json;

namespace Orders.Persistence.Outbox;

/// <summary>How a message is written to and read from an outbox row: its type by name, its body as JSON.</summary>
public static class OutboxMessageTypes
{
    // Every saga step writes names and the relay reads them back: resolved once per type, not per message.
    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type?> Types = new(StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        Names.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    public static Type Resolve(string name) =>
        Types.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false))
        ?? throw new InvalidOperationException($"Outbox message type '{name}' is not known to this build; deliver or remove its rows with the build that wrote them");

    public static string Serialize(object message, Type type) => JsonSerializer.Serialize(message, type);

    public static object Deserialize(OutboxMessageRecord record) =>
        JsonSerializer.Deserialize(record.Body, Resolve(record.MessageType))
        ?? throw new InvalidOperationException($"Outbox message {record.Id} has an empty body");
}
