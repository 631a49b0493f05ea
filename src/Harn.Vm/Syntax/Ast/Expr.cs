namespace Harn.Syntax;

/// <summary>Base of expression nodes. Control-flow forms with a value (if, match, try, ...) are expressions.</summary>
public abstract record Expr(Span Span) : Node(Span);

public sealed record IntLiteral(Span Span, long Value) : Expr(Span);

public sealed record FloatLiteral(Span Span, double Value) : Expr(Span);

/// <summary>`500ms`, `30s`, `2w`: the value is in milliseconds.</summary>
public sealed record DurationLiteral(Span Span, long Milliseconds) : Expr(Span);

/// <summary>A string without interpolation (plain, raw or triple-quoted), escapes already processed.</summary>
public sealed record StringLiteral(Span Span, string Value) : Expr(Span);

/// <summary>A string with at least one `${...}`; each interpolation is already parsed.</summary>
public sealed record InterpolatedString(Span Span, IReadOnlyList<StringPart> Parts) : Expr(Span);

public abstract record StringPart(Span Span) : Node(Span);

public sealed record TextPart(Span Span, string Text) : StringPart(Span);

public sealed record InterpolationPart(Span Span, Expr Expression) : StringPart(Span);

public sealed record BoolLiteral(Span Span, bool Value) : Expr(Span);

public sealed record NilLiteral(Span Span) : Expr(Span);

/// <summary>A name. `_` in a pipe's right side is the pipe placeholder.</summary>
public sealed record Identifier(Span Span, string Name) : Expr(Span);

/// <summary>`...expr` inside a list literal or an argument list.</summary>
public sealed record SpreadExpr(Span Span, Expr Value) : Expr(Span);

public sealed record ListLiteral(Span Span, IReadOnlyList<Expr> Elements) : Expr(Span);

public sealed record DictLiteral(Span Span, IReadOnlyList<DictEntry> Entries) : Expr(Span);

public abstract record DictEntry(Span Span) : Node(Span);

/// <summary>
/// `key: value`. A bare identifier or keyword key becomes a <see cref="StringLiteral"/>;
/// `[expr]: value` has <see cref="IsComputed"/> set.
/// </summary>
public sealed record DictPair(Span Span, Expr Key, Expr Value, bool IsComputed) : DictEntry(Span);

/// <summary>`...expr` inside a dict literal.</summary>
public sealed record DictSpread(Span Span, Expr Value) : DictEntry(Span);

/// <summary>`Point { x: 1, y: 2 }` or `Pair&lt;int, string&gt; { ... }`.</summary>
public sealed record StructLiteral(Span Span, string Name, IReadOnlyList<TypeExpr> TypeArgs, IReadOnlyList<DictEntry> Fields) : Expr(Span);

/// <summary>`{ x, y -> body }` (<see cref="IsFnSyntax"/> false) or `fn(x, y) -> T { body }`.</summary>
public sealed record ClosureExpr(Span Span, IReadOnlyList<Parameter> Parameters, TypeExpr? ReturnType, Block Body, bool IsFnSyntax) : Expr(Span);

public enum UnaryOp
{
    Not,
    Negate,
}

public sealed record UnaryExpr(Span Span, UnaryOp Op, Expr Operand) : Expr(Span);

public enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    Equal,
    NotEqual,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
    In,
    NotIn,
    And,
    Or,
    NilCoalesce,
    Pipe,
}

public sealed record BinaryExpr(Span Span, BinaryOp Op, Expr Left, Expr Right) : Expr(Span);

/// <summary>`cond ? a : b`.</summary>
public sealed record TernaryExpr(Span Span, Expr Condition, Expr Then, Expr Else) : Expr(Span);

/// <summary>`a to b` or `a to b exclusive`.</summary>
public sealed record RangeExpr(Span Span, Expr Start, Expr End, bool IsExclusive) : Expr(Span);

/// <summary>`target.name` or `target?.name`.</summary>
public sealed record MemberExpr(Span Span, Expr Target, string Name, bool IsOptional) : Expr(Span);

/// <summary>`target.name(args)` or `target?.name(args)`: a method call (also enum construction `E.V(x)`).</summary>
public sealed record MethodCallExpr(Span Span, Expr Target, string Name, IReadOnlyList<TypeExpr> TypeArgs, IReadOnlyList<Expr> Args, bool IsOptional) : Expr(Span);

/// <summary>`target[index]` or `target?[index]`.</summary>
public sealed record IndexExpr(Span Span, Expr Target, Expr Index, bool IsOptional) : Expr(Span);

/// <summary>`target[start:end]`, either bound may be missing.</summary>
public sealed record SliceExpr(Span Span, Expr Target, Expr? Start, Expr? End, bool IsOptional) : Expr(Span);

/// <summary>`callee(args)` or `callee&lt;T&gt;(args)`; arguments may be <see cref="SpreadExpr"/>.</summary>
public sealed record CallExpr(Span Span, Expr Callee, IReadOnlyList<TypeExpr> TypeArgs, IReadOnlyList<Expr> Args) : Expr(Span);

/// <summary>Postfix `expr?`: unwrap `Result.Ok` or return the `Result.Err` from the function.</summary>
public sealed record TryUnwrapExpr(Span Span, Expr Operand) : Expr(Span);

/// <summary>`try* expr`: rethrow a thrown error into the enclosing catch.</summary>
public sealed record TryStarExpr(Span Span, Expr Operand) : Expr(Span);

/// <summary>
/// `try { }` with optional catch and finally. With neither it is the Result-wrapping try-expression.
/// </summary>
public sealed record TryExpr(Span Span, Block Body, CatchClause? Catch, Block? Finally) : Expr(Span);

/// <summary>`catch (e: T) { }`, `catch e { }` or `catch { }`.</summary>
public sealed record CatchClause(Span Span, string? Variable, TypeExpr? ErrorType, Block Body) : Node(Span);

/// <summary>`if c { } else if d { } else { }`: an else-if chain is a nested <see cref="IfExpr"/> in <see cref="ElseIf"/>.</summary>
public sealed record IfExpr(Span Span, Expr Condition, Block Then, IfExpr? ElseIf, Block? Else) : Expr(Span);

public sealed record MatchExpr(Span Span, Expr Subject, IReadOnlyList<MatchArm> Arms) : Expr(Span);

/// <summary>`pattern [if guard] -> { body }`. An arm written `pattern -> expr` gets a one-statement body.</summary>
public sealed record MatchArm(Span Span, Pattern Pattern, Expr? Guard, Block Body) : Node(Span);

public enum ParallelKind
{
    /// <summary>`parallel N { i -> }` / `parallel(N) { }`.</summary>
    Count,
    Each,
    Settle,
}

/// <summary>
/// The parallel family. <see cref="Options"/> is the `with { ... }` dict (e.g. max_concurrent);
/// <see cref="Variable"/> is the body's `x ->` name if written; <see cref="AsStream"/> is `... } as stream`.
/// </summary>
public sealed record ParallelExpr(Span Span, ParallelKind Kind, Expr Operand, Expr? Options, string? Variable, Block Body, bool AsStream) : Expr(Span);

/// <summary>`retry N { }`; <see cref="Attempts"/> is null when omitted.</summary>
public sealed record RetryExpr(Span Span, Expr? Attempts, Block Body) : Expr(Span);

/// <summary>`deadline 30s { }`.</summary>
public sealed record DeadlineExpr(Span Span, Expr Duration, Block Body) : Expr(Span);

/// <summary>`spawn { }`: returns a task handle.</summary>
public sealed record SpawnExpr(Span Span, Block Body) : Expr(Span);

/// <summary>`mutex { }`: holds the default process-local mutex for the block.</summary>
public sealed record MutexExpr(Span Span, Block Body) : Expr(Span);

/// <summary>`select { v from ch { } ... timeout d { } | default { } }`.</summary>
public sealed record SelectExpr(Span Span, IReadOnlyList<SelectCase> Cases, SelectTimeout? Timeout, Block? Default) : Expr(Span);

public sealed record SelectCase(Span Span, string Variable, Expr Channel, Block Body) : Node(Span);

public sealed record SelectTimeout(Span Span, Expr Duration, Block Body) : Node(Span);

/// <summary>`yield` or `yield expr` (generators).</summary>
public sealed record YieldExpr(Span Span, Expr? Value) : Expr(Span);
