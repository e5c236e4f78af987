using Orders.StateMachine.Flow;

namespace Orders.Api.Operations;

/// <summary>
/// <c>dotnet run --project Orders.Api -- flow-diagram [dir]</c>: writes the checkout flow drawn from
/// OrderStateMachine (docs/flow.svg and docs/flow.mmd by default). Needs no database, broker or settings.
/// </summary>
public static class FlowDiagramCommand
{
    public const string Name = "flow-diagram";
    public const string DefaultDirectory = "docs";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var directory = args is [_, var given, ..] ? given : DefaultDirectory;
        foreach (var path in FlowDiagram.WriteTo(directory))
            output.WriteLine($"Wrote {Path.GetFullPath(path)}");
        return 0;
    }
}
