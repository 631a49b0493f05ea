namespace Harn.Stdlib.Templates;

/// <summary>One piece of a parsed template.</summary>
internal abstract record TemplateNode;

/// <summary>Literal text (also the body of <c>{{ raw }}</c> blocks).</summary>
internal sealed record TextNode(string Text) : TemplateNode;

/// <summary><c>{{ expr }}</c>; <paramref name="Source"/> is the directive as written, echoed for a missing bare name.</summary>
internal sealed record OutputNode(TemplateExpression Expression, string Source, int Line, int Column) : TemplateNode;

/// <summary><c>{{ if }} … {{ elif }} … {{ else }} … {{ end }}</c>.</summary>
internal sealed record IfNode(IReadOnlyList<(TemplateExpression Condition, IReadOnlyList<TemplateNode> Body)> Branches, IReadOnlyList<TemplateNode>? Otherwise) : TemplateNode;

/// <summary><c>{{ for v in xs }}</c> or <c>{{ for k, v in dict }}</c>, with an optional <c>{{ else }}</c> for empty input.</summary>
internal sealed record ForNode(string? KeyName, string ValueName, TemplateExpression Source, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Otherwise, int Line, int Column) : TemplateNode;

/// <summary><c>{{ include "path" with { … } }}</c>.</summary>
internal sealed record IncludeNode(TemplateExpression Path, TemplateExpression? Bindings, int Line, int Column) : TemplateNode;
