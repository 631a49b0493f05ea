using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>Variables visible to a template: the bindings, plus loop variables in nested scopes.</summary>
internal sealed class TemplateScope
{
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly TemplateScope? _parent;

    public TemplateScope(HarnDict bindings, TemplateScope? parent = null)
    {
        _parent = parent;
        foreach (var (key, value) in bindings)
        {
            _values[key] = value;
        }
    }

    public void Set(string name, Value value) => _values[name] = value;

    public bool TryGet(string name, out Value value)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._values.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = Value.Nil;
        return false;
    }
}
