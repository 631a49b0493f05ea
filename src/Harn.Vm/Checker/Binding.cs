using Harn.Syntax;

namespace Harn.Checker;

internal enum BindingKind
{
    Variable,
    Parameter,
    Function,
    Other,
}

/// <summary>A name in scope. <see cref="Type"/> is what reading the name yields (null: unknown).</summary>
internal sealed class Binding(string name, BindingKind kind, CheckerType? type, bool isMutable)
{
    public string Name { get; } = name;

    public BindingKind Kind { get; } = kind;

    /// <summary>The type a read of the name produces; may be null even when <see cref="DeclaredType"/> is not.</summary>
    public CheckerType? Type { get; } = type;

    /// <summary>The annotated type, kept whole (unions included) for exhaustiveness checks.</summary>
    public CheckerType? DeclaredType { get; init; }

    public bool IsMutable { get; } = isMutable;

    /// <summary>True for `let name` (not a destructuring): the form the redeclaration check compares.</summary>
    public bool IsPlainLet { get; init; }

    /// <summary>The declaration of a named function (for argument checks at call sites).</summary>
    public FnDecl? Function { get; init; }
}

/// <summary>One lexical scope: a block, a function body, a match arm.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public Binding? FindLocal(string name) => _bindings.GetValueOrDefault(name);

    public Binding? Find(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._bindings.TryGetValue(name, out var binding))
            {
                return binding;
            }
        }

        return null;
    }

    public void Define(Binding binding) => _bindings[binding.Name] = binding;
}
