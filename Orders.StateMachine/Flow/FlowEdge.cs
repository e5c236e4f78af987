namespace Orders.StateMachine.Flow;

/// <summary>A transition drawn as an SVG path (<see cref="Path"/> is its <c>d</c> attribute) with its label's centre.</summary>
public sealed record FlowEdge(string From, string To, IReadOnlyList<string> Events, string Label, string Path, int LabelX, int LabelY);
