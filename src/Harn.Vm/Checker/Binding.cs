using Harn.Syntax;

namespace Harn.Checker;

/// <summary>A name in scope. <see cref="Type"/> is what reading the name yields (null: unknown).</summary>
internal sealed class Binding(string name, CheckerType? type)
{
    public string Name { get; } = name;

    /// <summary>The type a read of the name produces; may be null even when <see cref="DeclaredType"/> is not.</summary>
    public CheckerType? Type { get; } = type;

    /// <summary>The annotated type, kept whole (unions included) for exhaustiveness checks.</summary>
    public CheckerType? DeclaredType { get; init; }

    /// <summary>True for `let name` (not a destructuring): the form the redeclaration check compares.</summary>
    public bool IsPlainLet { get; init; }

    /// <summary>The declaration of a named function (for argument checks at call sites).</summary>
    public FnDecl? Function { get; init; }
}
