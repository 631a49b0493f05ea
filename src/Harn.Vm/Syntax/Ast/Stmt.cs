namespace Harn.Syntax;

/// <summary>Base of statement nodes (including declarations and top-level items).</summary>
public abstract record Stmt(Span Span) : Node(Span);

public sealed record ExprStmt(Span Span, Expr Expression) : Stmt(Span);

/// <summary>`let pattern: T = value` (<see cref="IsMutable"/> false) or `var ...` (true).</summary>
public sealed record VariableDecl(Span Span, bool IsMutable, BindingTarget Target, TypeExpr? Type, Expr Value) : Stmt(Span);

public enum AssignOp
{
    Assign,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary>`target = value` or `target += value`; target is an <see cref="Identifier"/>, <see cref="MemberExpr"/> or <see cref="IndexExpr"/>.</summary>
public sealed record AssignStmt(Span Span, Expr Target, AssignOp Op, Expr Value) : Stmt(Span);

public sealed record WhileStmt(Span Span, Expr Condition, Block Body) : Stmt(Span);

/// <summary>`for pattern in iterable { }`.</summary>
public sealed record ForStmt(Span Span, BindingTarget Target, Expr Iterable, Block Body) : Stmt(Span);

public sealed record ReturnStmt(Span Span, Expr? Value) : Stmt(Span);

public sealed record ThrowStmt(Span Span, Expr Value) : Stmt(Span);

public sealed record BreakStmt(Span Span) : Stmt(Span);

public sealed record ContinueStmt(Span Span) : Stmt(Span);

/// <summary>`guard cond else { }`.</summary>
public sealed record GuardStmt(Span Span, Expr Condition, Block Else) : Stmt(Span);

/// <summary>`require cond` or `require cond, message`.</summary>
public sealed record RequireStmt(Span Span, Expr Condition, Expr? Message) : Stmt(Span);

/// <summary>`defer { }`: runs when the enclosing scope exits.</summary>
public sealed record DeferStmt(Span Span, Block Body) : Stmt(Span);

/// <summary>`emit expr` inside a `gen fn`.</summary>
public sealed record EmitStmt(Span Span, Expr Value) : Stmt(Span);
