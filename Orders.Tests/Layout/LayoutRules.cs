namespace Orders.Tests.Layout;

/// <summary>
/// Which project may depend on what (DESIGN.md, the parts): each references only projects to its left in
/// <see cref="Order"/>, and some must stay free of infrastructure even through what they reference.
/// </summary>
public static class LayoutRules
{
    /// <summary>The projects in dependency order: a project may reference only those before it.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        "Orders.Contracts", "Orders.StateMachine", "Orders.Persistence", "Orders.Kafka", "Orders.KafkaBroker",
        "Orders.Simulators", "Orders.Api", "Orders.Benchmark", "Orders.Tests",
    ];

    private static readonly string[] EntityFramework = ["Microsoft.EntityFrameworkCore", "Npgsql"];
    private static readonly string[] Kafka = ["Confluent.Kafka", "librdkafka"];
    private static readonly string[] MassTransit = ["MassTransit"];

    /// <summary>Package name prefixes a project must not reach, directly or through the projects it references.</summary>
    public static IReadOnlyDictionary<string, string[]> Forbidden { get; } = new Dictionary<string, string[]>
    {
        ["Orders.Contracts"] = [.. EntityFramework, .. Kafka, .. MassTransit],
        ["Orders.StateMachine"] = [.. EntityFramework, .. Kafka],
        ["Orders.Persistence"] = Kafka,
        ["Orders.KafkaBroker"] = [.. EntityFramework, .. MassTransit],
    };

    /// <summary>Every way the given projects break the rules, one sentence each; empty when they keep them.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, ProjectFile> projects)
    {
        var violations = new List<string>();
        foreach (var project in projects.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var position = IndexOf(project.Name);
            if (position < 0)
            {
                violations.Add($"{project.Name} is not in the layout's order; add it to LayoutRules.Order and DESIGN.md's parts");
                continue;
            }

            foreach (var reference in project.Projects.Where(r => IndexOf(r) is var i && (i < 0 || i >= position)).Order(StringComparer.Ordinal))
                violations.Add($"{project.Name} references {reference}, which is not to its left in the layout");

            if (!Forbidden.TryGetValue(project.Name, out var forbidden))
                continue;
            foreach (var (package, via) in PackagesReached(project, projects))
            {
                if (forbidden.Any(prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                    violations.Add($"{project.Name} reaches the package {package}{(via == project.Name ? "" : $" through {via}")}, which it must not depend on");
            }
        }
        return violations;
    }

    private static int IndexOf(string project) => Order.ToList().IndexOf(project);

    /// <summary>Every package of the project and of the projects it references, each with the project that names it.</summary>
    private static IEnumerable<(string Package, string Via)> PackagesReached(ProjectFile start, IReadOnlyDictionary<string, ProjectFile> projects)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ProjectFile>([start]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project.Name))
                continue;
            foreach (var package in project.Packages.Order(StringComparer.Ordinal))
                yield return (package, project.Name);
            foreach (var reference in project.Projects)
            {
                if (projects.TryGetValue(reference, out var next))
                    pending.Push(next);
            }
        }
    }
}
