namespace Harn.Runtime;

/// <summary>The builtins a VM can call, by name. Later registration of a name replaces the earlier one.</summary>
public sealed class BuiltinRegistry
{
    private readonly Dictionary<string, Builtin> _byName = new(StringComparer.Ordinal);

    public void Register(string name, BuiltinFunction function) => _byName[name] = new Builtin(name, function);

    public bool Unregister(string name) => _byName.Remove(name);

    public bool TryGet(string name, out Builtin builtin) => _byName.TryGetValue(name, out builtin!);

    public IEnumerable<string> Names => _byName.Keys;
}
