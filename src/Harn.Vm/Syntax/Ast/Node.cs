namespace Harn.Syntax;

/// <summary>Base of every syntax tree node.</summary>
public abstract record Node(Span Span);

/// <summary>A whole source file: top-level items in source order.</summary>
public sealed record ProgramNode(Span Span, IReadOnlyList<Stmt> Statements) : Node(Span);

/// <summary>A braced statement list. Its value is the value of its last expression statement.</summary>
public sealed record Block(Span Span, IReadOnlyList<Stmt> Statements) : Node(Span);

/// <summary>A function, closure, tool, pipeline or enum-variant parameter.</summary>
/// <param name="IsRest">`...name`: collects the remaining arguments into a list.</param>
public sealed record Parameter(Span Span, string Name, TypeExpr? Type, Expr? Default, bool IsRest) : Node(Span);

public enum Variance
{
    Invariant,
    In,
    Out,
}

/// <summary>A generic type parameter: `T`, `in T`, `out T`.</summary>
public sealed record GenericParam(Span Span, string Name, Variance Variance) : Node(Span);

/// <summary>One `T: Bound` item of a `where` clause.</summary>
public sealed record WhereConstraint(Span Span, string TypeParam, TypeExpr Bound) : Node(Span);

/// <summary>`@name` or `@name(arg, key: value, ...)` before a declaration.</summary>
public sealed record AttributeNode(Span Span, string Name, IReadOnlyList<AttributeArg> Args) : Node(Span);

/// <summary>An attribute argument; <see cref="Name"/> is set for `key: value` arguments.</summary>
public sealed record AttributeArg(Span Span, string? Name, Expr Value) : Node(Span);
