using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// What a jump out of the middle of code (return, break, continue) must unwind on its way:
/// installed handlers to remove and finally/defer bodies to run, innermost first.
/// </summary>
internal abstract class ControlEntry;

/// <summary>A loop: the target of break and continue.</summary>
internal sealed class LoopEntry(int stackDepth) : ControlEntry
{
    /// <summary>Operand-stack depth at the loop's start; jumps out pop anything above it.</summary>
    public int StackDepth { get; } = stackDepth;

    public List<int> BreakJumps { get; } = new();

    public List<int> ContinueJumps { get; } = new();
}

/// <summary>A try region with a catch: leaving it removes its handler.</summary>
internal sealed class HandlerEntry : ControlEntry;

/// <summary>A try/finally region or a pending defer: leaving it removes its handler and runs the body.</summary>
internal sealed class FinallyEntry(Block body) : ControlEntry
{
    public Block Body { get; } = body;
}

/// <summary>A deadline block: leaving it ends the deadline.</summary>
internal sealed class DeadlineEntry : ControlEntry;

/// <summary>A <c>mutex</c> block: leaving it removes its handler and releases the permit held in <see cref="PermitSlot"/>.</summary>
internal sealed class MutexEntry(int permitSlot) : ControlEntry
{
    public int PermitSlot { get; } = permitSlot;
}
