using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Tests.Support;

namespace Orders.Tests.Contracts;

/// <summary>The Markdown files another team reads (README.md and docs/), and the JSON values in their ```json blocks.</summary>
public static class DocsJson
{
    public static IReadOnlyList<string> Files()
    {
        var docs = RepositoryFiles.PathOf("docs");
        var files = Directory.Exists(docs) ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories) : [];
        return [RepositoryFiles.PathOf("README.md"), .. files.Order(StringComparer.Ordinal)];
    }

    public static IReadOnlyList<JsonNode> Values() => [.. Files().SelectMany(f => Values(File.ReadAllText(f)))];

    public static IReadOnlyList<JsonNode> Values(string markdown)
    {
        var values = new List<JsonNode>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```json")
                continue;
            var block = new StringBuilder();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
                block.AppendLine(lines[i]);

            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(block.ToString()), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
                values.Add(JsonNode.Parse(JsonDocument.ParseValue(ref reader).RootElement.GetRawText())!);
        }
        return values;
    }
}
