namespace Harn.Syntax;

/// <summary>`fn name&lt;T&gt;(params) -> R where T: I { }`, optionally `pub` and/or `gen`.</summary>
public sealed record FnDecl(
    Span Span,
    IReadOnlyList<AttributeNode> Attributes,
    bool IsPublic,
    bool IsStream,
    string Name,
    IReadOnlyList<GenericParam> GenericParams,
    IReadOnlyList<Parameter> Parameters,
    TypeExpr? ReturnType,
    IReadOnlyList<WhereConstraint> Where,
    Block Body) : Stmt(Span);

/// <summary>
/// `tool name(params) -> R { description "..." body }`. A leading `description "..."` line is lifted
/// into <see cref="Description"/> and is not part of <see cref="Body"/>.
/// </summary>
public sealed record ToolDecl(
    Span Span,
    IReadOnlyList<AttributeNode> Attributes,
    bool IsPublic,
    string Name,
    IReadOnlyList<Parameter> Parameters,
    TypeExpr? ReturnType,
    Expr? Description,
    Block Body) : Stmt(Span);

/// <summary>`skill name { field expr ... }`.</summary>
public sealed record SkillDecl(Span Span, IReadOnlyList<AttributeNode> Attributes, bool IsPublic, string Name, IReadOnlyList<NamedField> Fields) : Stmt(Span);

/// <summary>A `name value` (skill) or `name: value` (eval_pack) entry.</summary>
public sealed record NamedField(Span Span, string Name, Expr Value) : Node(Span);

/// <summary>
/// `eval_pack name "id" { field: expr ... statements ... summarize { } }`.
/// <see cref="Name"/> is null when the header starts with the string id; the binding name is then derived from it.
/// </summary>
public sealed record EvalPackDecl(
    Span Span,
    bool IsPublic,
    string? Name,
    Expr? Id,
    IReadOnlyList<NamedField> Fields,
    IReadOnlyList<Stmt> Statements,
    Block? Summarize) : Stmt(Span);

public sealed record EnumDecl(Span Span, IReadOnlyList<AttributeNode> Attributes, bool IsPublic, string Name, IReadOnlyList<GenericParam> GenericParams, IReadOnlyList<EnumVariant> Variants) : Stmt(Span);

/// <summary>`Red` or `Circle(radius: float)`; <see cref="Fields"/> is empty for a plain tag.</summary>
public sealed record EnumVariant(Span Span, string Name, IReadOnlyList<Parameter> Fields) : Node(Span);

public sealed record StructDecl(Span Span, IReadOnlyList<AttributeNode> Attributes, bool IsPublic, string Name, IReadOnlyList<GenericParam> GenericParams, IReadOnlyList<StructField> Fields) : Stmt(Span);

/// <summary>`name: T` or `name?: T` (optional field).</summary>
public sealed record StructField(Span Span, string Name, bool IsOptional, TypeExpr? Type) : Node(Span);

/// <summary>`impl Type { fn m(self) { } }`.</summary>
public sealed record ImplDecl(Span Span, IReadOnlyList<AttributeNode> Attributes, string TypeName, IReadOnlyList<FnDecl> Methods) : Stmt(Span);

public sealed record InterfaceDecl(
    Span Span,
    IReadOnlyList<AttributeNode> Attributes,
    bool IsPublic,
    string Name,
    IReadOnlyList<GenericParam> GenericParams,
    IReadOnlyList<AssociatedType> AssociatedTypes,
    IReadOnlyList<InterfaceMethod> Methods) : Stmt(Span);

/// <summary>`type Item` or `type Item = T` inside an interface.</summary>
public sealed record AssociatedType(Span Span, string Name, TypeExpr? Default) : Node(Span);

public sealed record InterfaceMethod(Span Span, string Name, IReadOnlyList<GenericParam> GenericParams, IReadOnlyList<Parameter> Parameters, TypeExpr? ReturnType) : Node(Span);

/// <summary>`type Name&lt;T&gt; = T`.</summary>
public sealed record TypeAliasDecl(Span Span, IReadOnlyList<AttributeNode> Attributes, bool IsPublic, string Name, IReadOnlyList<GenericParam> GenericParams, TypeExpr Type) : Stmt(Span);

/// <summary>
/// `import "path"` (<see cref="Names"/> null) or `import { a, b } from "path"`; `pub import` re-exports.
/// </summary>
public sealed record ImportDecl(Span Span, bool IsPublic, string Path, IReadOnlyList<string>? Names) : Stmt(Span);

/// <summary>`pipeline name(params) -> R extends parent { }`.</summary>
public sealed record PipelineDecl(
    Span Span,
    IReadOnlyList<AttributeNode> Attributes,
    bool IsPublic,
    string Name,
    IReadOnlyList<Parameter> Parameters,
    TypeExpr? ReturnType,
    string? Extends,
    Block Body) : Stmt(Span);

/// <summary>`override name(params) { }` inside a pipeline that extends another.</summary>
public sealed record OverrideDecl(Span Span, string Name, IReadOnlyList<Parameter> Parameters, Block Body) : Stmt(Span);
