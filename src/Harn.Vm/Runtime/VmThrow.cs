using System.Diagnostics.CodeAnalysis;

namespace Harn.Runtime;

/// <summary>Cold paths of the dispatch loop: building error texts and throwing, kept out of the hot method.</summary>
internal static class VmThrow
{
    [DoesNotReturn]
    public static void UndefinedGlobal(VmModule module, int index, Vm vm)
    {
        var name = module.Compiled.GlobalNames[index];
        UndefinedVariable(name, module.Compiled.GlobalNames.Concat(vm.Context is VmContext context ? context.BuiltinNames : []));
    }

    [DoesNotReturn]
    public static void UndefinedVariable(string name, IEnumerable<string> candidates)
    {
        var suggestion = VmNameSuggestions.Closest(name, candidates);
        throw suggestion is null
            ? new HarnRuntimeException(ErrorKind.UndefinedVariable, name)
            : HarnRuntimeException.Runtime($"Undefined variable: {name} (did you mean `{suggestion}`?)");
    }

    [DoesNotReturn]
    public static Builtin UndefinedBuiltin(string name, BuiltinRegistry builtins)
    {
        var suggestion = VmNameSuggestions.Closest(name, builtins.Names);
        throw suggestion is null
            ? new HarnRuntimeException(ErrorKind.UndefinedBuiltin, name)
            : HarnRuntimeException.Runtime($"Undefined builtin: {name} (did you mean `{suggestion}`?)");
    }

    /// <summary>The list a spread in a list literal contributes.</summary>
    public static HarnList SpreadList(Value value) => value.Kind == ValueKind.List
        ? value.AsList
        : throw RuntimeErrors.Type($"cannot spread {TypeNames.Of(value)} into a list (expected list)");

    /// <summary>The dict a spread in a dict literal contributes.</summary>
    public static HarnDict SpreadDict(Value value) => value.Kind == ValueKind.Dict
        ? value.AsDict
        : throw RuntimeErrors.Type($"cannot spread {TypeNames.Of(value)} into a dict (expected dict)");

    /// <summary>The argument array of a spread call.</summary>
    public static Value[] SpreadArguments(Value value) => value.Kind == ValueKind.List
        ? value.AsList.AsSpan().ToArray()
        : throw RuntimeErrors.Type("spread call requires list arguments");
}
