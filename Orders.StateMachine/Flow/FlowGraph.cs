using MassTransit;
using MassTransit.SagaStateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orders.StateMachine.Checkout;

namespace Orders.StateMachine.Flow;

/// <summary>
/// The checkout flow as MassTransit describes it (<c>GetGraph()</c>): states, and the state-to-state moves with the
/// events that make them, in the order the machine declares them. Its picture can never disagree with the code.
/// </summary>
public sealed record FlowGraph(string Start, IReadOnlyList<string> States, IReadOnlyList<FlowTransition> Transitions)
{
    /// <summary>The graph of <see cref="OrderStateMachine"/>; its settings and clock change no transition.</summary>
    public static FlowGraph OfOrders() =>
        From(new OrderStateMachine(TimeProvider.System, Options.Create(new CheckoutOptions()), NullLogger<OrderStateMachine>.Instance));

    public static FlowGraph From<TSaga>(MassTransitStateMachine<TSaga> machine) where TSaga : class, SagaStateMachineInstance
    {
        ArgumentNullException.ThrowIfNull(machine);

        // GetGraph() has one vertex per event for the whole machine, so "CancelRequested" joins every state that
        // handles it to every state it leads to. Graphing each state on its own keeps who-goes-where exact.
        var moves = new List<(string From, string Event, string To)>();
        foreach (var state in machine.States)
        {
            var visitor = new GraphStateMachineVisitor<TSaga>(machine);
            state.Accept(visitor);
            var edges = visitor.Graph.Edges.ToList();
            foreach (var toEvent in edges.Where(e => IsState(e.From) && e.From.Title == state.Name && !IsState(e.To)))
            {
                foreach (var toState in edges.Where(e => e.From.Equals(toEvent.To) && IsState(e.To)))
                    moves.Add((state.Name, toEvent.To.Title, toState.To.Title));
            }
        }

        var whole = machine.GetGraph();
        var missing = whole.Edges.Where(e => !moves.Any(m => IsState(e.From)
            ? m.From == e.From.Title && m.Event == e.To.Title
            : m.Event == e.From.Title && m.To == e.To.Title)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The per-state graphs miss {missing.Count} edge(s) of GetGraph(): {string.Join(", ", missing.Select(e => $"{e.From.Title}->{e.To.Title}"))}");

        var transitions = moves
            .GroupBy(m => (m.From, m.To))
            .Select(g => new FlowTransition(g.Key.From, g.Key.To, g.Select(m => m.Event).Distinct().ToList()))
            .ToList();
        var states = whole.Vertices.Where(IsState).Select(v => v.Title).ToList();
        return new FlowGraph(machine.Initial.Name, states, transitions);
    }

    public IEnumerable<FlowTransition> Leaving(string state) => Transitions.Where(t => t.From == state);

    public IEnumerable<FlowTransition> Entering(string state) => Transitions.Where(t => t.To == state);

    private static bool IsState(Vertex vertex) => vertex.VertexType == typeof(State);
}
