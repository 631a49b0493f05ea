using System.Runtime.CompilerServices;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// State that belongs to one run (for example the color mode), attached to the run's builtin
/// context so that two runs in the same process never share it.
/// </summary>
internal sealed class RunLocal<T>(Func<T> initial) where T : class
{
    private readonly ConditionalWeakTable<BuiltinContext, T> _values = new();

    public T Get(BuiltinContext context) => _values.GetValue(context, _ => initial());

    /// <summary>Replaces the run's value (state a host installs before the run starts).</summary>
    public void Set(BuiltinContext context, T value) => _values.AddOrUpdate(context, value);
}
