using Harn.Runtime;
using Harn.Stdlib.Templates;

namespace Harn.Stdlib;

/// <summary>Registers every core builtin into a registry.</summary>
public static class StandardLibrary
{
    /// <summary>Values Harn code sees as predefined global names (<c>pi</c>, <c>e</c>); the VM installs them as globals.</summary>
    public static IReadOnlyDictionary<string, Value> Globals => MathBuiltins.Constants;

    public static void Register(BuiltinRegistry registry)
    {
        Output.Register(registry);
        Core.Register(registry);
        Errors.Register(registry);
        Strings.Register(registry);
        Collections.Register(registry);
        Sets.Register(registry);
        MathBuiltins.Register(registry);
        Json.Register(registry);
        Schemas.Register(registry);
        Regexes.Register(registry);
        Encodings.Register(registry);
        Csv.Register(registry);
        Styling.Register(registry);
        Observability.Register(registry);
        RuntimePaths.Register(registry);
        TemplateBuiltins.Register(registry);
        Host.HostLibrary.Register(registry);
    }
}
