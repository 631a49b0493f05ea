using Harn.Hosting;
using Harn.Runtime;

namespace Harn.PowerShell.Hosting;

/// <summary>
/// Binds -ArgumentList values (in order) and -Parameter values (by name, winning over a
/// positional value for the same parameter) to the entry pipeline's parameters.
/// </summary>
internal sealed class ArgumentBinding(IReadOnlyList<Value> positional, IReadOnlyDictionary<string, Value> named)
{
    public static readonly ArgumentBinding None = new([], new Dictionary<string, Value>());

    /// <summary>Throws <see cref="ArgumentCountException"/> when there are more positional values than parameters.</summary>
    public IReadOnlyDictionary<string, Value> Bind(HarnScript script)
    {
        var parameters = script.EntryParameters;
        if (positional.Count > parameters.Count)
        {
            throw new ArgumentCountException(
                $"The entry pipeline takes {parameters.Count} argument(s) ({string.Join(", ", parameters)}) but -ArgumentList has {positional.Count}.");
        }

        var bound = new Dictionary<string, Value>(named, StringComparer.Ordinal);
        for (var i = 0; i < positional.Count; i++)
        {
            bound.TryAdd(parameters[i], positional[i]);
        }

        return bound;
    }
}

/// <summary>More -ArgumentList values than the entry pipeline has parameters.</summary>
public sealed class ArgumentCountException(string message) : ArgumentException(message);
