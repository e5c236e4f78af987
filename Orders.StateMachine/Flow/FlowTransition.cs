namespace Orders.StateMachine.Flow;

/// <summary>A move from one state to another, with the events that make it (one, for every move of the checkout today).</summary>
public sealed record FlowTransition(string From, string To, IReadOnlyList<string> Events)
{
    public string Label => string.Join(" / ", Events);
}
