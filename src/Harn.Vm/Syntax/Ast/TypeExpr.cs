namespace Harn.Syntax;

/// <summary>A type annotation. Kept in the tree; the runtime does not depend on it.</summary>
public abstract record TypeExpr(Span Span) : Node(Span);

/// <summary>`int`, `Point`, `nil`, `list&lt;int&gt;`, `dict&lt;string, V&gt;`, `Result&lt;T, E&gt;`.</summary>
public sealed record NamedType(Span Span, string Name, IReadOnlyList<TypeExpr> TypeArgs) : TypeExpr(Span);

/// <summary>`[T]`.</summary>
public sealed record ListType(Span Span, TypeExpr Element) : TypeExpr(Span);

/// <summary>`fn(A, B) -> R`.</summary>
public sealed record FnType(Span Span, IReadOnlyList<TypeExpr> Params, TypeExpr? Return) : TypeExpr(Span);

/// <summary>`{name: string, age?: int}`.</summary>
public sealed record ShapeType(Span Span, IReadOnlyList<ShapeField> Fields) : TypeExpr(Span);

public sealed record ShapeField(Span Span, string Name, bool IsOptional, TypeExpr Type) : Node(Span);

/// <summary>`A | B | C`.</summary>
public sealed record UnionType(Span Span, IReadOnlyList<TypeExpr> Members) : TypeExpr(Span);

/// <summary>A literal type: a string, int, float, bool literal (`"pass"`, `0`).</summary>
public sealed record LiteralType(Span Span, Expr Value) : TypeExpr(Span);
