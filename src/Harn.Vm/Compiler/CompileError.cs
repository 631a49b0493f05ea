using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>A construct the compiler rejects; becomes a diagnostic at <see cref="Span"/>.</summary>
internal sealed class CompileError(string message, Span span) : Exception(message)
{
    public Span Span { get; } = span;
}
