namespace Harn.Runtime;

/// <summary>
/// What a VM can reach by name besides the program's own bindings: builtins, and host globals
/// (<c>pi</c>, <c>argv</c>, ...). Globals are found before builtins; the program's own names
/// shadow both. Later registration of a name replaces the earlier one.
/// </summary>
public sealed class BuiltinRegistry
{
    private readonly Dictionary<string, Builtin> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _globals = new(StringComparer.Ordinal);

    public void Register(string name, BuiltinFunction function) => _byName[name] = new Builtin(name, function);

    public bool Unregister(string name) => _byName.Remove(name);

    public bool TryGet(string name, out Builtin builtin) => _byName.TryGetValue(name, out builtin!);

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Defines a predefined value visible to Harn code under <paramref name="name"/>.</summary>
    public void RegisterGlobal(string name, Value value) => _globals[name] = value;

    public bool TryGetGlobal(string name, out Value value) => _globals.TryGetValue(name, out value);

    public IEnumerable<string> GlobalNames => _globals.Keys;
}
