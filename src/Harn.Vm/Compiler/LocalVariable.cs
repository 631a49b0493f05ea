namespace Harn.Compiler;

/// <summary>A compile-time local: its frame slot, whether it may be reassigned, and whether closures capture it (then the slot holds a cell).</summary>
internal sealed record LocalVariable(string Name, int Slot, bool IsMutable, bool IsBoxed);
