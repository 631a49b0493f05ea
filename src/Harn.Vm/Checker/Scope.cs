namespace Harn.Checker;

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
