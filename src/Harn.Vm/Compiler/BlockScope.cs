namespace Harn.Compiler;

/// <summary>One lexical block of a function: the names it declared.</summary>
internal sealed class BlockScope
{
    public Dictionary<string, LocalVariable> Locals { get; } = new(StringComparer.Ordinal);
}
