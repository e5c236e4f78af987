namespace Orders.StateMachine.Flow;

/// <summary>The generated pictures of the checkout flow and the files they are kept in (under docs/).</summary>
public static class FlowDiagram
{
    public const string SvgFile = "flow.svg";
    public const string MermaidFile = "flow.mmd";

    /// <summary>Each file's name and its text, generated from <see cref="FlowGraph.OfOrders"/>.</summary>
    public static IReadOnlyDictionary<string, string> Generate()
    {
        var graph = FlowGraph.OfOrders();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SvgFile] = FlowSvg.Write(FlowLayout.Of(graph)),
            [MermaidFile] = FlowMermaid.Write(graph),
        };
    }

    /// <summary>Writes the files into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    public static IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var (name, text) in Generate())
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            paths.Add(path);
        }
        return paths;
    }
}
