using System.Globalization;

namespace Orders.StateMachine.Flow;

/// <summary>
/// Places the flow left to right. The main row follows each state's first declared transition from the start
/// (the machine is written happy path first: Pricing, AwaitingPayment, Paid, Shipped); every other state goes one
/// column right of the state it is first reached from, in the rows below, near that state's row.
/// </summary>
public sealed record FlowLayout(int Width, int Height, IReadOnlyList<FlowNode> Nodes, IReadOnlyList<FlowEdge> Edges)
{
    public const int NodeWidth = 150;
    public const int NodeHeight = 44;
    public const int StartSize = 20;
    public const int ColumnGap = 170;
    public const int RowPitch = 100;
    public const int Margin = 30;
    public const int LabelHeight = 16;

    public static FlowLayout Of(FlowGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var cells = Place(graph);
        var columns = cells.Values.Max(c => c.Column) + 1;
        var columnWidth = Enumerable.Range(0, columns)
            .Select(c => cells.Where(p => p.Value.Column == c).Select(p => p.Key == graph.Start ? StartSize : NodeWidth).DefaultIfEmpty(StartSize).Max())
            .ToList();
        var columnLeft = new int[columns];
        for (var c = 1; c < columns; c++)
            columnLeft[c] = columnLeft[c - 1] + columnWidth[c - 1] + ColumnGap;

        var nodes = graph.States.Where(cells.ContainsKey).Select(state =>
        {
            var (column, row) = cells[state];
            var isStart = state == graph.Start;
            var (width, height) = isStart ? (StartSize, StartSize) : (NodeWidth, NodeHeight);
            var x = Margin + columnLeft[column] + ((columnWidth[column] - width) / 2);
            var y = Margin + (row * RowPitch) + ((NodeHeight - height) / 2);
            return new FlowNode(state, column, row, x, y, width, height, isStart, !graph.Leaving(state).Any());
        }).ToList();

        var byState = nodes.ToDictionary(n => n.State, StringComparer.Ordinal);
        var edges = Unclutter(graph.Transitions.Select(t => Route(t, byState[t.From], byState[t.To], graph.Transitions.Any(r => r.From == t.To && r.To == t.From))));
        var width = Margin + columnLeft[columns - 1] + columnWidth[columns - 1] + Margin;
        // Room below the last row for arcs that dip under it and for the dashboard's time-spent notes.
        var height = Margin + (nodes.Max(n => n.Row) * RowPitch) + NodeHeight + (2 * Margin);
        return new FlowLayout(width, height, nodes, edges);
    }

    /// <summary>The width of a label's background at 11 px, by a generous average glyph width.</summary>
    public static int LabelWidth(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return (int)Math.Ceiling(label.Length * 6.4) + 8;
    }

    /// <summary>Moves a label down until it overlaps none placed before it (two arrows into one state end close together).</summary>
    private static List<FlowEdge> Unclutter(IEnumerable<FlowEdge> edges)
    {
        var placed = new List<FlowEdge>();
        foreach (var edge in edges)
        {
            var moved = edge;
            while (placed.Any(p => Math.Abs(p.LabelX - moved.LabelX) * 2 < LabelWidth(p.Label) + LabelWidth(moved.Label) && Math.Abs(p.LabelY - moved.LabelY) < LabelHeight))
                moved = moved with { LabelY = moved.LabelY + 2 };
            placed.Add(moved);
        }
        return placed;
    }

    /// <summary>Column and row of every state reachable from the start.</summary>
    private static Dictionary<string, (int Column, int Row)> Place(FlowGraph graph)
    {
        var cells = new Dictionary<string, (int Column, int Row)>(StringComparer.Ordinal);
        for (var state = graph.Start; state is not null && !cells.ContainsKey(state); state = graph.Leaving(state).FirstOrDefault()?.To)
            cells[state] = (cells.Count, 0);

        var queue = new Queue<string>([graph.Start]);
        var seen = new HashSet<string>([graph.Start], StringComparer.Ordinal);
        while (queue.TryDequeue(out var state))
        {
            foreach (var next in graph.Leaving(state).Select(t => t.To).Where(seen.Add))
            {
                if (!cells.ContainsKey(next))
                {
                    var (column, row) = (cells[state].Column + 1, Math.Max(1, cells[state].Row));
                    while (cells.ContainsValue((column, row)))
                        row++;
                    cells[next] = (column, row);
                }
                queue.Enqueue(next);
            }
        }

        // A state no transition reaches still shows, in a column of its own at the end.
        var last = cells.Values.Max(c => c.Column) + 1;
        foreach (var (state, row) in graph.States.Where(s => !cells.ContainsKey(s)).Select((s, i) => (s, i)))
            cells[state] = (last, row);
        return cells;
    }

    private static FlowEdge Route(FlowTransition transition, FlowNode from, FlowNode to, bool hasReverse)
    {
        (double X, double Y) p0, p1, p2, p3;
        // Labels sit near the arrow's end, where the curves leaving one state have spread apart.
        var labelAt = 0.62;
        if (to.Column > from.Column)
        {
            var lift = hasReverse ? -8 : 0;
            p0 = (from.X + from.Width, from.CenterY + lift);
            p3 = (to.X, to.CenterY + lift);
            var reach = (p3.X - p0.X) / 2;
            p1 = (p0.X + reach, p0.Y);
            p2 = (p3.X - reach, p3.Y);
        }
        else if (to.Column == from.Column)
        {
            // Down the same column: around the right side, so the arc clears the boxes between.
            var bulge = 40 + (30 * Math.Abs(to.Row - from.Row));
            p0 = (from.X + from.Width, from.CenterY + 10);
            p3 = (to.X + to.Width, to.CenterY - 10);
            p1 = (p0.X + bulge, p0.Y);
            p2 = (p3.X + bulge, p3.Y);
            labelAt = 0.5;
        }
        else
        {
            // Back to an earlier column, below the forward one.
            var lower = hasReverse ? 8 : 0;
            p0 = (from.X, from.CenterY + lower);
            p3 = (to.X + to.Width, to.CenterY + lower);
            var reach = (p0.X - p3.X) / 2;
            p1 = (p0.X - reach, p0.Y + 36);
            p2 = (p3.X + reach, p3.Y + 36);
        }

        var path = string.Create(CultureInfo.InvariantCulture,
            $"M {p0.X:0} {p0.Y:0} C {p1.X:0} {p1.Y:0}, {p2.X:0} {p2.Y:0}, {p3.X:0} {p3.Y:0}");
        var (labelX, labelY) = PointOf(p0, p1, p2, p3, labelAt);
        return new FlowEdge(transition.From, transition.To, transition.Events, transition.Label, path, (int)Math.Round(labelX), (int)Math.Round(labelY));
    }

    /// <summary>The point of a cubic Bézier curve at <paramref name="t"/> (0 its start, 1 its end).</summary>
    private static (double X, double Y) PointOf((double X, double Y) p0, (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3, double t)
    {
        var u = 1 - t;
        var (a, b, c, d) = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t);
        return ((a * p0.X) + (b * p1.X) + (c * p2.X) + (d * p3.X), (a * p0.Y) + (b * p1.Y) + (c * p2.Y) + (d * p3.Y));
    }
}
