namespace Harn.Syntax;

/// <summary>
/// Where a node or token sits in the source: 1-based <see cref="Line"/> and <see cref="Column"/>
/// of its first character, plus the 0-based character offsets [<see cref="Start"/>, <see cref="End"/>).
/// </summary>
public readonly record struct Span(int Line, int Column, int Start, int End)
{
    /// <summary>A span from the start of this one to the end of <paramref name="last"/>.</summary>
    public Span To(Span last) => new(Line, Column, Start, Math.Max(End, last.End));
}
