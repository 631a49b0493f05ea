namespace Harn.Runtime;

/// <summary>
/// A local variable that some closure captures. The declaring frame's slot holds the cell, and
/// each closure over it holds the same cell, so writes on either side are seen by both.
/// </summary>
internal sealed class ClosureCell
{
    public ClosureCell(Value value) => Value = value;

    public Value Value;
}
