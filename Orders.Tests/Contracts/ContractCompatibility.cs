using System.Text.Json.Nodes;

namespace Orders.Tests.Contracts;

/// <summary>
/// Compares today's AsyncAPI document with the baseline of the last release by the rules the other end relies on, and
/// lists each change that would break it: a message, field or topic gone, a field renamed (gone under its old name), a
/// type narrowed (or, on what OrderSaga sends, widened), a key changed, a field newly required in what OrderSaga reads,
/// no longer always sent in what it sends, or a value rule tightened on what it reads and loosened on what it sends.
/// A message whose x-version was raised, with a row for that version in the change log, may break its baseline.
/// </summary>
public static class ContractCompatibility
{
    private static readonly string[] ValueRules =
        ["pattern", "format", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "if", "then", "else"];

    /// <summary>The breaking changes that no raised version and change-log row allow; empty when consumers are safe.</summary>
    public static IReadOnlyList<string> Breaks(JsonNode baseline, JsonNode current, string changeLog)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var breaks = new List<string>();
        foreach (var (id, old) in Messages(baseline))
        {
            var type = old["name"]!.GetValue<string>();
            var (_, now) = Messages(current).FirstOrDefault(m => m.Message["name"]!.GetValue<string>() == type);
            if (now is null)
            {
                breaks.Add($"{type}: the message is gone");
                continue;
            }

            var found = MessageBreaks(baseline, id, old, current, now).Select(b => $"{type}: {b}").ToList();
            var oldVersion = old["x-version"]?.GetValue<string>();
            var newVersion = now["x-version"]?.GetValue<string>();
            var raised = newVersion is not null && oldVersion is not null && Version.Parse(newVersion) > Version.Parse(oldVersion);
            if (found.Count == 0 || (raised && ChangeLogLists(changeLog, type, newVersion!)))
                continue;
            breaks.AddRange(raised
                ? found.Select(b => $"{b} (version {newVersion} is not in the change log)")
                : found.Select(b => $"{b} (version still {newVersion ?? "unset"})"));
        }
        return breaks;
    }

    /// <summary>A row of the change log's table for this message and version: | `type` | version | what changed |.</summary>
    public static bool ChangeLogLists(string changeLog, string type, string version) =>
        changeLog.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries).Skip(1).Select(c => c.Trim('`')).ToArray())
            .Any(cells => cells.Length >= 3 && cells[0] == type && cells[1] == version && cells[2].Length > 0);

    private static IEnumerable<string> MessageBreaks(JsonNode oldDocument, string oldId, JsonNode old, JsonNode newDocument, JsonNode now)
    {
        var newId = Messages(newDocument).First(m => ReferenceEquals(m.Message, now)).Id;
        var oldTopics = Topics(oldDocument, oldId);
        var newTopics = Topics(newDocument, newId);
        if (!oldTopics.SetEquals(newTopics))
            yield return $"moved from topic {string.Join(", ", oldTopics)} to {string.Join(", ", newTopics)}";
        if (!JsonNode.DeepEquals(WithoutProse(old["bindings"]?["kafka"]?["key"]), WithoutProse(now["bindings"]?["kafka"]?["key"])))
            yield return "the record key changed";

        var sent = IsSent(oldDocument, oldId);
        foreach (var problem in SchemaBreaks(oldDocument, old["headers"], newDocument, now["headers"], "headers", sent))
            yield return problem;
        foreach (var problem in SchemaBreaks(oldDocument, old["payload"], newDocument, now["payload"], "", sent))
            yield return problem;
    }

    private static IEnumerable<string> SchemaBreaks(JsonNode oldDocument, JsonNode? oldSchema, JsonNode newDocument, JsonNode? newSchema, string path, bool sent)
    {
        var old = Resolve(oldDocument, oldSchema) as JsonObject ?? [];
        var now = Resolve(newDocument, newSchema) as JsonObject ?? [];
        var at = path.Length == 0 ? "the body" : path;

        var oldTypes = Types(old);
        var newTypes = Types(now);
        if (!oldTypes.All(t => Accepts(newTypes, t)))
            yield return $"{at} narrowed from {string.Join("|", oldTypes)} to {string.Join("|", newTypes)}";
        else if (sent && !newTypes.All(t => Accepts(oldTypes, t)))
            yield return $"{at} widened from {string.Join("|", oldTypes)} to {string.Join("|", newTypes)}, which readers may not accept";

        foreach (var rule in ValueRules)
        {
            var before = old[rule];
            var after = now[rule];
            if (JsonNode.DeepEquals(before, after))
                continue;
            if (sent ? before is not null : after is not null)
                yield return $"{at}: {rule} {Text(before)} became {Text(after)}";
        }

        var oldEnum = Values(old["enum"]);
        var newEnum = Values(now["enum"]);
        if (oldEnum is not null || newEnum is not null)
        {
            var missing = sent ? (newEnum ?? []).Except(oldEnum ?? newEnum ?? []) : (oldEnum ?? []).Except(newEnum ?? oldEnum ?? []);
            foreach (var value in missing)
                yield return sent ? $"{at} may now be {value}" : $"{at} may no longer be {value}";
            if (sent && oldEnum is not null && newEnum is null)
                yield return $"{at} is no longer limited to {string.Join(", ", oldEnum)}";
            if (!sent && oldEnum is null && newEnum is not null)
                yield return $"{at} is now limited to {string.Join(", ", newEnum)}";
        }

        var oldProperties = old["properties"] as JsonObject ?? [];
        var newProperties = now["properties"] as JsonObject ?? [];
        foreach (var (name, schema) in oldProperties)
        {
            var field = Join(path, name);
            if (!newProperties.ContainsKey(name))
            {
                yield return $"field {field} is gone";
                continue;
            }
            foreach (var problem in SchemaBreaks(oldDocument, schema, newDocument, newProperties[name], field, sent))
                yield return problem;
        }

        var oldRequired = Values(old["required"]) ?? [];
        var newRequired = Values(now["required"]) ?? [];
        var changed = sent ? oldRequired.Except(newRequired) : newRequired.Except(oldRequired);
        foreach (var name in changed.Where(n => !sent || newProperties.ContainsKey(n)))
            yield return sent ? $"field {Join(path, name)} is no longer always sent" : $"field {Join(path, name)} is now required";

        if (old["items"] is not null || now["items"] is not null)
        {
            foreach (var problem in SchemaBreaks(oldDocument, old["items"], newDocument, now["items"], path + "[]", sent))
                yield return problem;
        }
    }

    private static IEnumerable<(string Id, JsonNode Message)> Messages(JsonNode document) =>
        (document["components"]?["messages"] as JsonObject ?? []).Select(m => (m.Key, m.Value!));

    private static HashSet<string> Topics(JsonNode document, string messageId) =>
        [.. (document["channels"] as JsonObject ?? [])
            .Where(c => (c.Value!["messages"] as JsonObject ?? []).Any(m => m.Value!["$ref"]?.GetValue<string>() == $"#/components/messages/{messageId}"))
            .Select(c => c.Value!["address"]!.GetValue<string>())];

    private static bool IsSent(JsonNode document, string messageId)
    {
        var channels = (document["channels"] as JsonObject ?? [])
            .Where(c => (c.Value!["messages"] as JsonObject ?? []).Any(m => m.Value!["$ref"]?.GetValue<string>() == $"#/components/messages/{messageId}"))
            .Select(c => (Id: c.Key, Messages: c.Value!["messages"]!.AsObject()))
            .ToList();
        return (document["operations"] as JsonObject ?? []).Any(o =>
            o.Value!["action"]?.GetValue<string>() == "send"
            && (o.Value["messages"] as JsonArray ?? []).Any(m => channels.Any(c =>
                c.Messages.Any(cm => cm.Value!["$ref"]?.GetValue<string>() == $"#/components/messages/{messageId}"
                    && m!["$ref"]?.GetValue<string>() == $"#/channels/{c.Id}/messages/{cm.Key}"))));
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? node)
    {
        while (node?["$ref"]?.GetValue<string>() is { } pointer && pointer.StartsWith("#/", StringComparison.Ordinal))
            node = pointer[2..].Split('/').Aggregate((JsonNode?)document, (at, part) => at?[part]);
        return node;
    }

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => ["any"],
    };

    private static bool Accepts(List<string> types, string type) =>
        types.Contains("any") || types.Contains(type) || (type == "integer" && types.Contains("number"));

    private static List<string>? Values(JsonNode? array) => (array as JsonArray)?.Select(v => v!.ToJsonString().Trim('"')).ToList();

    private static JsonNode? WithoutProse(JsonNode? schema)
    {
        if (schema?.DeepClone() is not JsonObject copy)
            return schema;
        copy.Remove("description");
        return copy;
    }

    private static string Text(JsonNode? value) => value?.ToJsonString() ?? "(none)";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
