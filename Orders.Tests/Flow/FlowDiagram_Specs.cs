using System.Xml.Linq;
using Orders.Api.Operations;
using Orders.StateMachine.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Flow;

/// <summary>
/// The flow diagram is drawn from OrderStateMachine: the committed docs/flow.svg and docs/flow.mmd must be what the
/// generator makes of the machine today, so a state or transition added without regenerating fails here.
/// </summary>
[TestFixture]
public class When_the_flow_diagram_is_generated
{
    [TestCase(FlowDiagram.SvgFile)]
    [TestCase(FlowDiagram.MermaidFile)]
    public void Should_match_the_committed_file(string name)
    {
        var committed = Path.Combine(RepositoryRoot(), "docs", name);
        var generated = FlowDiagram.Generate()[name];

        Assert.That(File.Exists(committed), Is.True, $"{committed} is missing: run `dotnet run --project Orders.Api -- flow-diagram`");
        Assert.That(File.ReadAllText(committed), Is.EqualTo(generated),
            $"docs/{name} is not what OrderStateMachine draws today: run `dotnet run --project Orders.Api -- flow-diagram` and commit the result");
    }

    [Test]
    public void Should_be_shown_as_mermaid_in_docs_flow_md()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "flow.md"));

        Assert.That(page, Does.Contain($"```mermaid\n{FlowDiagram.Generate()[FlowDiagram.MermaidFile]}```\n"),
            "docs/flow.md must show the generated docs/flow.mmd in its mermaid block: copy it there after regenerating");
    }

    [Test]
    public void Should_draw_each_move_from_the_state_that_makes_it()
    {
        var moves = FlowGraph.OfOrders().Transitions.Select(t => $"{t.From} -{t.Label}-> {t.To}").ToList();

        // One vertex per event in GetGraph() would also join Pricing to Refunding (CancelRequested) and
        // AwaitingPayment to Refunding (PaymentAnswered): those moves do not exist.
        Assert.That(moves, Is.EquivalentTo(ApiJson.Names(
        [
            "Initial -Submitted-> Pricing",
            "Pricing -ProductAnswered-> AwaitingPayment",
            "Pricing -ProductAnswered-> Rejected",
            "Pricing -DeadlineExpired-> TimedOut",
            "Pricing -CancelRequested-> Cancelled",
            "AwaitingPayment -PaymentAnswered-> Paid",
            "AwaitingPayment -PaymentAnswered-> PaymentFailed",
            "AwaitingPayment -DeadlineExpired-> TimedOut",
            "AwaitingPayment -CancelRequested-> Cancelled",
            "Paid -ShipmentStarted-> Shipped",
            "Paid -CancelRequested-> Refunding",
            "TimedOut -PaymentAnswered-> Refunding",
            "Cancelled -PaymentAnswered-> Refunding",
            "Refunding -RefundAnswered-> Cancelled",
            "Refunding -RefundAnswered-> RefundFailed",
        ])));
    }

    [Test]
    public void Should_lay_the_happy_path_out_left_to_right_on_the_top_row()
    {
        var layout = FlowLayout.Of(FlowGraph.OfOrders());
        var top = layout.Nodes.Where(n => n.Row == 0).OrderBy(n => n.X).Select(n => n.State);
        var below = layout.Nodes.Where(n => n.Row > 0).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(top, Is.EqualTo(ApiJson.Names("Initial", "Pricing", "AwaitingPayment", "Paid", "Shipped")));
            Assert.That(below.Select(n => n.State), Is.EquivalentTo(ApiJson.Names("Rejected", "PaymentFailed", "TimedOut", "Cancelled", "Refunding", "RefundFailed")));
            Assert.That(layout.Nodes.SelectMany(a => layout.Nodes.Where(b => a != b && Overlap(a, b))), Is.Empty, "no two boxes overlap");
        });
    }

    [Test]
    public void Should_write_an_svg_with_every_state_and_every_labelled_transition()
    {
        var svg = XDocument.Parse(FlowDiagram.Generate()[FlowDiagram.SvgFile]);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        var graph = FlowGraph.OfOrders();

        Assert.Multiple(() =>
        {
            Assert.That(texts, Is.SupersetOf(graph.States.Where(s => s != graph.Start)));
            Assert.That(texts, Is.SupersetOf(graph.Transitions.Select(t => t.Label)));
            Assert.That(svg.Descendants(ns + "path").Count(p => p.Attribute("marker-end") is not null), Is.EqualTo(graph.Transitions.Count));
        });
    }

    [Test]
    public void Should_be_written_by_the_flow_diagram_command()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"flow-diagram-{Guid.NewGuid():N}");
        try
        {
            using var output = new StringWriter();
            var exitCode = FlowDiagramCommand.Run([FlowDiagramCommand.Name, directory], output);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero);
                foreach (var (name, text) in FlowDiagram.Generate())
                    Assert.That(File.ReadAllText(Path.Combine(directory, name)), Is.EqualTo(text), name);
                Assert.That(output.ToString(), Does.Contain(FlowDiagram.SvgFile).And.Contain(FlowDiagram.MermaidFile));
            });
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static bool Overlap(FlowNode a, FlowNode b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSaga.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }
}
