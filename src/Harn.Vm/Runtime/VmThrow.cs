using System.Diagnostics.CodeAnalysis;

namespace Harn.Runtime;

/// <summary>Cold paths of the dispatch loop: building error texts and throwing, kept out of the hot method.</summary>
internal static class VmThrow
{
    [DoesNotReturn]
    public static void UndefinedGlobal(VmModule module, int index, Vm vm)
    {
        var name = module.Compiled.GlobalNames[index];
        UndefinedVariable(name, module.Compiled.GlobalNames.Concat(vm.BuiltinNames));
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

    /// <summary>The list a spread in a list literal contributes (upstream checks it like a list pattern).</summary>
    public static HarnList SpreadList(Value value) => value.Kind == ValueKind.List
        ? value.AsList
        : throw RuntimeErrors.Type($"cannot destructure {TypeNames.Of(value)} with [...] pattern — expected list");

    /// <summary>The dict a spread in a dict literal contributes (upstream checks it like a dict pattern).</summary>
    public static HarnDict SpreadDict(Value value) => value.Kind switch
    {
        ValueKind.Dict => value.AsDict,
        ValueKind.Struct => value.As<HarnStruct>().ToDict(),
        _ => throw RuntimeErrors.Type($"cannot destructure {TypeNames.Of(value)} with {{...}} pattern — expected dict"),
    };

    /// <summary>The argument array of a spread call.</summary>
    public static Value[] SpreadArguments(Value value) => value.Kind == ValueKind.List
        ? value.AsList.AsSpan().ToArray()
        : throw RuntimeErrors.Type("spread call requires list arguments");
}
