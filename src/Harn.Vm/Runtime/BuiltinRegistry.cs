namespace Harn.Runtime;

/// <summary>
/// What a VM can reach by name besides the program's own bindings: builtins, and host globals
/// (<c>pi</c>, <c>argv</c>, ...). Globals are found before builtins; the program's own names
/// shadow both. Later registration of a name replaces the earlier one.
/// </summary>
/// <remarks>
/// A frozen registry (the standard library's, built once per process) never changes, so many
/// threads may read it and a <see cref="Copy"/> of it shares its tables until the copy's first
/// change: a run starts from such a copy for the price of one allocation.
/// </remarks>
public sealed class BuiltinRegistry
{
    private Dictionary<string, Builtin> _byName;
    private Dictionary<string, Value> _globals;

    /// <summary>False while <see cref="_byName"/> is still the frozen source's table.</summary>
    private bool _ownsBuiltins;

    /// <summary>False while <see cref="_globals"/> is still the frozen source's table.</summary>
    private bool _ownsGlobals;

    public BuiltinRegistry()
    {
        _byName = new Dictionary<string, Builtin>(StringComparer.Ordinal);
        _globals = new Dictionary<string, Value>(StringComparer.Ordinal);
        _ownsBuiltins = true;
        _ownsGlobals = true;
    }

    private BuiltinRegistry(Dictionary<string, Builtin> byName, Dictionary<string, Value> globals, bool owned)
    {
        _byName = byName;
        _globals = globals;
        _ownsBuiltins = owned;
        _ownsGlobals = owned;
    }

    /// <summary>True once <see cref="Freeze"/> was called: every change then throws.</summary>
    public bool IsFrozen { get; private set; }

    public IEnumerable<string> Names => _byName.Keys;

    public IEnumerable<string> GlobalNames => _globals.Keys;

    /// <summary>Makes the registry read-only, so it can be shared by concurrent runs and copied cheaply.</summary>
    public void Freeze() => IsFrozen = true;

    /// <summary>A registry with the same builtins and globals; changes to either are never seen by the other.</summary>
    public BuiltinRegistry Copy() => IsFrozen
        ? new BuiltinRegistry(_byName, _globals, owned: false)
        : new BuiltinRegistry(new Dictionary<string, Builtin>(_byName, StringComparer.Ordinal), new Dictionary<string, Value>(_globals, StringComparer.Ordinal), owned: true);

    public void Register(string name, BuiltinFunction function) => WritableBuiltins()[name] = new Builtin(name, function);

    public bool Unregister(string name) => _byName.ContainsKey(name) && WritableBuiltins().Remove(name);

    public bool TryGet(string name, out Builtin builtin) => _byName.TryGetValue(name, out builtin!);

    /// <summary>Defines a predefined value visible to Harn code under <paramref name="name"/>.</summary>
    public void RegisterGlobal(string name, Value value) => WritableGlobals()[name] = value;

    /// <summary>Defines a global computed when a run first reads it: work a run pays for only when it names the global.</summary>
    public void RegisterGlobal(string name, Func<Value> compute) =>
        WritableGlobals()[name] = Value.FromObject(ValueKind.Object, new Lazy<Value>(compute));

    public bool TryGetGlobal(string name, out Value value)
    {
        if (!_globals.TryGetValue(name, out value))
        {
            return false;
        }

        if (value.Ref is Lazy<Value> computed)
        {
            value = computed.Value;
        }

        return true;
    }

    private Dictionary<string, Builtin> WritableBuiltins()
    {
        ThrowIfFrozen();
        if (!_ownsBuiltins)
        {
            _byName = new Dictionary<string, Builtin>(_byName, StringComparer.Ordinal);
            _ownsBuiltins = true;
        }

        return _byName;
    }

    private Dictionary<string, Value> WritableGlobals()
    {
        ThrowIfFrozen();
        if (!_ownsGlobals)
        {
            _globals = new Dictionary<string, Value>(_globals, StringComparer.Ordinal);
            _ownsGlobals = true;
        }

        return _globals;
    }

    private void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("This builtin registry is frozen (it is shared by every run); change a Copy() of it instead.");
        }
    }
}
