using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Positional argument access for builtins: missing arguments read as nil.</summary>
internal static class Args
{
    public static Value At(ReadOnlySpan<Value> args, int index) => index < args.Length ? args[index] : Value.Nil;

    public static string String(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.Kind == ValueKind.String ? value.AsString : throw Expected(function, "a string", value);
    }

    /// <summary>A string argument, or <paramref name="fallback"/> when absent or nil.</summary>
    public static string OptionalString(ReadOnlySpan<Value> args, int index, string function, string fallback)
    {
        var value = At(args, index);
        return value.IsNil ? fallback : value.Kind == ValueKind.String ? value.AsString : throw Expected(function, "a string", value);
    }

    public static long Int(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.Kind switch
        {
            ValueKind.Int => value.AsInt,
            ValueKind.Float when !double.IsNaN(value.AsFloat) => (long)value.AsFloat,
            _ => throw Expected(function, "an int", value),
        };
    }

    public static double Number(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.IsNumber ? value.AsNumber : throw Expected(function, "a number", value);
    }

    public static HarnList List(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.Kind == ValueKind.List ? value.AsList : throw Expected(function, "a list", value);
    }

    public static HarnDict Dict(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.Kind == ValueKind.Dict ? value.AsDict : throw Expected(function, "a dict", value);
    }

    public static HarnSet Set(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return value.Kind == ValueKind.Set ? value.As<HarnSet>() : throw Expected(function, "a set", value);
    }

    /// <summary>A closure or builtin argument.</summary>
    public static Value Callable(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = At(args, index);
        return IsCallable(value) ? value : throw Expected(function, "a function", value);
    }

    public static bool IsCallable(Value value) => value.Kind is ValueKind.Closure or ValueKind.Builtin;

    public static HarnRuntimeException Expected(string function, string what, Value got) =>
        RuntimeErrors.Type($"{function}: expected {what}, got {TypeNames.Of(got)}");
}
