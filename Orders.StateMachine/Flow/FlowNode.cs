namespace Orders.StateMachine.Flow;

/// <summary>
/// A state placed on the picture: its column (order in the flow) and row (0 is the main path), its box in pixels
/// from the top left, whether it is where every checkout starts, and whether the flow never leaves it.
/// </summary>
public sealed record FlowNode(string State, int Column, int Row, int X, int Y, int Width, int Height, bool IsStart, bool IsEnd)
{
    public int CenterX => X + (Width / 2);
    public int CenterY => Y + (Height / 2);
}
