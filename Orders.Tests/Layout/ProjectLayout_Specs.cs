using Orders.Tests.Support;

namespace Orders.Tests.Layout;

public class When_the_projects_are_read_from_their_files
{
    private static readonly IReadOnlyDictionary<string, ProjectFile> Projects = Directory
        .GetFiles(RepositoryFiles.Root, "Orders.*.csproj", SearchOption.AllDirectories)
        .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(ProjectFile.Read)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    [Test]
    public void Should_find_every_project_of_the_layout() =>
        Assert.That(Projects.Keys, Is.EquivalentTo(LayoutRules.Order));

    [Test]
    public void Should_keep_every_project_to_its_own_responsibility() =>
        Assert.That(LayoutRules.Violations(Projects), Is.Empty);

    [Test]
    public void Should_keep_the_api_off_the_database_context()
    {
        var api = Path.Combine(RepositoryFiles.Root, "Orders.Api");
        var offenders = Directory.GetFiles(api, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path) is var text
                && (text.Contains("OrdersDbContext", StringComparison.Ordinal) || text.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path))
            .ToList();
        Assert.That(offenders, Is.Empty, "the API reads through Orders.Persistence's read models, not through OrdersDbContext");
    }

    [Test]
    public void Should_keep_the_embedded_broker_free_of_the_service()
    {
        string[] onlyContracts = ["Orders.Contracts"];
        Assert.That(Projects["Orders.KafkaBroker"].Projects, Is.EquivalentTo(onlyContracts));
    }
}

public class When_a_project_reaches_across_the_layout
{
    private static Dictionary<string, ProjectFile> Valid() => new(StringComparer.Ordinal)
    {
        ["Orders.Contracts"] = Project("Orders.Contracts", [], []),
        ["Orders.StateMachine"] = Project("Orders.StateMachine", ["Orders.Contracts"], ["MassTransit"]),
        ["Orders.Persistence"] = Project("Orders.Persistence", ["Orders.StateMachine"], ["Npgsql.EntityFrameworkCore.PostgreSQL"]),
        ["Orders.Kafka"] = Project("Orders.Kafka", ["Orders.Persistence"], ["Confluent.Kafka"]),
        ["Orders.KafkaBroker"] = Project("Orders.KafkaBroker", ["Orders.Contracts"], ["Confluent.Kafka"]),
    };

    private static ProjectFile Project(string name, string[] projects, string[] packages) =>
        new(name, projects.ToHashSet(StringComparer.Ordinal), packages.ToHashSet(StringComparer.Ordinal));

    [Test]
    public void Should_accept_the_layout_as_designed() =>
        Assert.That(LayoutRules.Violations(Valid()), Is.Empty);

    [Test]
    public void Should_refuse_the_state_machine_taking_ef_core()
    {
        var projects = Valid();
        projects["Orders.StateMachine"] = Project("Orders.StateMachine", ["Orders.Contracts"], ["MassTransit", "Microsoft.EntityFrameworkCore"]);
        string[] expected = ["Orders.StateMachine reaches the package Microsoft.EntityFrameworkCore, which it must not depend on"];
        Assert.That(LayoutRules.Violations(projects), Is.EqualTo(expected));
    }

    [Test]
    public void Should_refuse_the_state_machine_taking_the_kafka_client()
    {
        var projects = Valid();
        projects["Orders.StateMachine"] = Project("Orders.StateMachine", ["Orders.Contracts"], ["MassTransit", "Confluent.Kafka"]);
        Assert.That(LayoutRules.Violations(projects), Does.Contain("Orders.StateMachine reaches the package Confluent.Kafka, which it must not depend on"));
    }

    [Test]
    public void Should_refuse_a_reference_to_a_project_on_its_right()
    {
        var projects = Valid();
        projects["Orders.StateMachine"] = Project("Orders.StateMachine", ["Orders.Contracts", "Orders.Persistence"], ["MassTransit"]);
        Assert.That(LayoutRules.Violations(projects), Does.Contain("Orders.StateMachine references Orders.Persistence, which is not to its left in the layout"));
    }

    [Test]
    public void Should_refuse_the_broker_reaching_the_database_through_the_transport()
    {
        var projects = Valid();
        projects["Orders.KafkaBroker"] = Project("Orders.KafkaBroker", ["Orders.Kafka"], ["Confluent.Kafka"]);
        string[] expected =
        [
            "Orders.KafkaBroker reaches the package MassTransit through Orders.StateMachine, which it must not depend on",
            "Orders.KafkaBroker reaches the package Npgsql.EntityFrameworkCore.PostgreSQL through Orders.Persistence, which it must not depend on",
        ];
        Assert.That(LayoutRules.Violations(projects), Is.EquivalentTo(expected));
    }
}
