namespace Harn.Syntax;

/// <summary>A destructuring target of let, var, for and closure-free bindings.</summary>
public abstract record BindingTarget(Span Span) : Node(Span);

/// <summary>A plain name; `_` discards.</summary>
public sealed record NameTarget(Span Span, string Name) : BindingTarget(Span);

/// <summary>`{a, b: c = 1, ...rest}`.</summary>
public sealed record DictTarget(Span Span, IReadOnlyList<DictTargetField> Fields, string? Rest) : BindingTarget(Span);

/// <summary>`key`, `key: alias`, `key = default`, `key: alias = default`; the alias may be a nested pattern.</summary>
public sealed record DictTargetField(Span Span, string Key, BindingTarget Target, Expr? Default) : Node(Span);

/// <summary>`[a, b = 2, ...rest]`.</summary>
public sealed record ListTarget(Span Span, IReadOnlyList<ListTargetElement> Elements, string? Rest) : BindingTarget(Span);

public sealed record ListTargetElement(Span Span, BindingTarget Target, Expr? Default) : Node(Span);

/// <summary>`(a, b)`: binds `.first` and `.second` of a pair.</summary>
public sealed record PairTarget(Span Span, BindingTarget First, BindingTarget Second) : BindingTarget(Span);

/// <summary>A match-arm pattern.</summary>
public abstract record Pattern(Span Span) : Node(Span);

/// <summary>`_`: matches anything, binds nothing.</summary>
public sealed record WildcardPattern(Span Span) : Pattern(Span);

/// <summary>A bare name: matches anything and binds it.</summary>
public sealed record BindingPattern(Span Span, string Name) : Pattern(Span);

/// <summary>A literal (string, number, duration, bool, nil) compared with `==`.</summary>
public sealed record LiteralPattern(Span Span, Expr Value) : Pattern(Span);

/// <summary>`Enum.Variant` or `Enum.Variant(p1, p2)`; <see cref="Fields"/> is null without parentheses.</summary>
public sealed record EnumPattern(Span Span, string EnumName, string Variant, IReadOnlyList<Pattern>? Fields) : Pattern(Span);

/// <summary>`{key: pattern, ...}`: the value must be a dict; each listed key matches its pattern.</summary>
public sealed record DictPattern(Span Span, IReadOnlyList<DictPatternEntry> Entries) : Pattern(Span);

public sealed record DictPatternEntry(Span Span, string Key, Pattern Value) : Node(Span);

/// <summary>`[p1, p2, ...rest]`: the value must be a list with at least as many elements.</summary>
public sealed record ListPattern(Span Span, IReadOnlyList<Pattern> Elements, string? Rest) : Pattern(Span);

/// <summary>`p1 | p2 | p3`.</summary>
public sealed record OrPattern(Span Span, IReadOnlyList<Pattern> Alternatives) : Pattern(Span);

/// <summary>Any other expression: evaluated and compared with `==`.</summary>
public sealed record ExpressionPattern(Span Span, Expr Value) : Pattern(Span);
