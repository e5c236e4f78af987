using System.Globalization;
using System.Text;

namespace Orders.StateMachine.Flow;

/// <summary>
/// The flow as a Mermaid state diagram, for pages that render Mermaid (GitHub's Markdown does). Mermaid lays it out
/// itself; the transitions are listed in the order the machine declares them.
/// </summary>
public static class FlowMermaid
{
    public static string Write(FlowGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringBuilder()
            .Append("%% Generated from OrderStateMachine by `dotnet run --project Orders.Api -- flow-diagram`; do not edit.\n")
            .Append("stateDiagram-v2\n")
            .Append("    direction LR\n");
        foreach (var transition in graph.Transitions)
            text.Append(CultureInfo.InvariantCulture, $"    {Name(graph, transition.From)} --> {Name(graph, transition.To)}: {transition.Label}\n");
        foreach (var end in graph.States.Where(s => s != graph.Start && !graph.Leaving(s).Any()))
            text.Append(CultureInfo.InvariantCulture, $"    {end} --> [*]\n");
        return text.ToString();
    }

    private static string Name(FlowGraph graph, string state) => state == graph.Start ? "[*]" : state;
}
