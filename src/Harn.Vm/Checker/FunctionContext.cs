namespace Harn.Checker;

/// <summary>What the checker knows about the function-like body it is inside.</summary>
internal sealed class FunctionContext(
    IReadOnlySet<string> typeParameters,
    CheckerType? returnType,
    bool isStream,
    bool isGenerator)
{
    public static FunctionContext TopLevel() => new(new HashSet<string>(StringComparer.Ordinal), null, isStream: false, isGenerator: false);

    /// <summary>Generic parameter names visible here, including those of enclosing functions.</summary>
    public IReadOnlySet<string> TypeParameters { get; } = typeParameters;

    /// <summary>The declared return type; null when unannotated or unknown.</summary>
    public CheckerType? ReturnType { get; } = returnType;

    /// <summary>A `gen fn`: produces a stream with `emit`.</summary>
    public bool IsStream { get; } = isStream;

    /// <summary>A function whose body uses `yield`: its returns do not produce its declared type directly.</summary>
    public bool IsGenerator { get; } = isGenerator;

    /// <summary>The generic names of <paramref name="declared"/> added to the ones already in scope.</summary>
    public IReadOnlySet<string> WithTypeParameters(IEnumerable<string> declared)
    {
        var all = new HashSet<string>(TypeParameters, StringComparer.Ordinal);
        all.UnionWith(declared);
        return all;
    }
}
