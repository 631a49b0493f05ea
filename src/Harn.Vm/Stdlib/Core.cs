using System.Globalization;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Core builtins: lengths, types, conversions, assertions, and the helpers compiled code calls.</summary>
internal static class Core
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("len", Len);
        registry.Register("type_of", (_, args) => Value.FromString(TypeNames.Of(Args.At(args, 0))));
        registry.Register("to_string", (_, args) => Value.FromString(ValueFormatter.Display(Args.At(args, 0))));
        registry.Register("to_int", (_, args) => ToInt(Args.At(args, 0)));
        registry.Register("to_float", (_, args) => ToFloat(Args.At(args, 0)));
        registry.Register("assert", Assert);
        registry.Register("assert_eq", AssertEqual);
        registry.Register("assert_ne", AssertNotEqual);
        registry.Register("unreachable", Unreachable);
        registry.Register("pair", (_, args) => HarnPair.Create(Args.At(args, 0), Args.At(args, 1)));
        registry.Register("range", Range);
        registry.Register("__range__", RangeLiteral);
        registry.Register("__make_struct", MakeStruct);
        registry.Register("__assert_dict", AssertDict);
        registry.Register("__assert_list", AssertList);
        registry.Register("__dict_rest", DictRest);
        registry.Register("is_same", (_, args) => Value.FromBool(IsSame(Args.At(args, 0), Args.At(args, 1))));
        Identity.Register(registry);
    }

    /// <summary><c>len(x)</c>; the VM runs it inline when a call site's name resolves to this very function.</summary>
    internal static readonly BuiltinFunction Len = static (_, args) => Value.FromInt(Length(Args.At(args, 0)));

    /// <summary>Element count of strings (scalars), collections and ranges; 0 for anything else.</summary>
    public static long Length(Value value) => value.Kind switch
    {
        ValueKind.String => RuneText.Length(value.AsString),
        ValueKind.List => value.AsList.Count,
        ValueKind.Dict => value.AsDict.Count,
        ValueKind.Set => value.As<HarnSet>().Count,
        ValueKind.Range => value.As<HarnRange>().Length,
        ValueKind.Bytes => value.As<byte[]>().Length,
        _ => 0,
    };

    private static Value ToInt(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Int:
                return value;
            case ValueKind.Float:
                return double.IsFinite(value.AsFloat) ? Value.FromInt(SaturatingTruncate(value.AsFloat)) : Value.Nil;
            case ValueKind.Bool:
                return Value.FromInt(value.AsBool ? 1 : 0);
            case ValueKind.Duration:
                return Value.FromInt(value.AsDurationMs);
            case ValueKind.String:
                {
                    var text = value.AsString.Trim();
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return Value.FromInt(parsed);
                    }

                    return TryParseFloat(text, out var number) && double.IsFinite(number) ? Value.FromInt(SaturatingTruncate(number)) : Value.Nil;
                }

            default:
                return Value.Nil;
        }
    }

    /// <summary>Float to int the way Rust's <c>as i64</c> does: truncation, saturating at the ends.</summary>
    public static long SaturatingTruncate(double value) =>
        double.IsNaN(value) ? 0 : value >= 9.2233720368547758E18 ? long.MaxValue : value <= -9.2233720368547758E18 ? long.MinValue : (long)value;

    private static Value ToFloat(Value value) => value.Kind switch
    {
        ValueKind.Float => value,
        ValueKind.Int => Value.FromFloat(value.AsInt),
        ValueKind.Bool => Value.FromFloat(value.AsBool ? 1 : 0),
        ValueKind.String when TryParseFloat(value.AsString.Trim(), out var number) => Value.FromFloat(number),
        _ => Value.Nil,
    };

    /// <summary>Parses decimal float text (also <c>inf</c>, <c>NaN</c>), rejecting hex and thousands separators.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            case "nan" or "+nan" or "-nan":
                value = double.NaN;
                return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static Value Assert(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (Truthiness.IsTruthy(Args.At(args, 0)))
        {
            return Value.Nil;
        }

        throw FailedAssertion(args, 1, "Assertion failed");
    }

    private static Value AssertEqual(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var actual = Args.At(args, 0);
        var expected = Args.At(args, 1);
        if (ValueEquality.AreEqual(actual, expected))
        {
            return Value.Nil;
        }

        throw FailedAssertion(args, 2, $"Assertion failed: expected {ValueFormatter.Display(expected)}, got {ValueFormatter.Display(actual)}");
    }

    private static Value AssertNotEqual(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var actual = Args.At(args, 0);
        if (!ValueEquality.AreEqual(actual, Args.At(args, 1)))
        {
            return Value.Nil;
        }

        throw FailedAssertion(args, 2, $"Assertion failed: values should not be equal: {ValueFormatter.Display(actual)}");
    }

    /// <summary>Assertions throw a string: the caller's message when given, else the default.</summary>
    private static HarnRuntimeException FailedAssertion(ReadOnlySpan<Value> args, int messageIndex, string fallback)
    {
        var message = Args.At(args, messageIndex);
        return HarnRuntimeException.Throw(message.IsNil ? Value.FromString(fallback) : message);
    }

    private static Value Unreachable(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = args.Length > 0 ? "unreachable code was reached: " + ValueFormatter.Display(args[0]) : "unreachable code was reached";
        throw RuntimeErrors.Runtime(text);
    }

    /// <summary><c>range(n)</c> is <c>0 to n exclusive</c>; <c>range(a, b)</c> is <c>a to b exclusive</c>.</summary>
    private static Value Range(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        if (args.Length <= 1)
        {
            var end = Args.At(args, 0);
            return end.Kind == ValueKind.Int
                ? HarnRange.Create(0, end.AsInt, inclusive: false)
                : throw RuntimeErrors.Type("range(n): expected integer argument");
        }

        var start = args[0];
        var stop = args[1];
        return start.Kind == ValueKind.Int && stop.Kind == ValueKind.Int
            ? HarnRange.Create(start.AsInt, stop.AsInt, inclusive: false)
            : throw RuntimeErrors.Type("range(start, end): expected integer arguments");
    }

    /// <summary><c>a to b</c> / <c>a to b exclusive</c>.</summary>
    private static Value RangeLiteral(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var start = Args.At(args, 0);
        var end = Args.At(args, 1);
        if (start.Kind != ValueKind.Int || end.Kind != ValueKind.Int)
        {
            throw RuntimeErrors.Type($"range bounds must be integers, got {TypeNames.Of(start)} and {TypeNames.Of(end)}");
        }

        return HarnRange.Create(start.AsInt, end.AsInt, Truthiness.IsTruthy(Args.At(args, 2)));
    }

    /// <summary><c>__make_struct(name, fields, fieldOrder?)</c>: the struct literal and constructor.</summary>
    private static Value MakeStruct(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var name = Args.String(args, 0, "__make_struct");
        var fields = Args.At(args, 1);
        var dict = fields.Kind switch
        {
            ValueKind.Dict => fields.AsDict,
            ValueKind.Struct => fields.As<HarnStruct>().ToDict(),
            _ => HarnDict.Empty,
        };
        var order = Args.At(args, 2);
        var names = order.Kind == ValueKind.List ? order.AsList.Select(ValueFormatter.Display).ToArray() : null;
        return Value.FromObject(ValueKind.Struct, HarnStruct.Create(name, dict, names));
    }

    private static Value AssertDict(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        return value.Kind is ValueKind.Dict or ValueKind.Struct
            ? value
            : throw RuntimeErrors.Type($"cannot destructure {TypeNames.Of(value)} with {{...}} pattern — expected dict");
    }

    private static Value AssertList(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        return value.Kind == ValueKind.List
            ? value
            : throw RuntimeErrors.Type($"cannot destructure {TypeNames.Of(value)} with [...] pattern — expected list");
    }

    /// <summary><c>__dict_rest(dict, excludedKeys)</c>: the <c>...rest</c> of a dict pattern.</summary>
    private static Value DictRest(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var source = Args.At(args, 0);
        var dict = source.Kind switch
        {
            ValueKind.Dict => source.AsDict,
            ValueKind.Struct => source.As<HarnStruct>().ToDict(),
            _ => HarnDict.Empty,
        };
        var excluded = Args.At(args, 1);
        if (excluded.Kind == ValueKind.List)
        {
            foreach (var key in excluded.AsList)
            {
                dict = dict.Without(ValueAccess.DictKey(key));
            }
        }

        return Value.FromDict(dict);
    }

    /// <summary>Identity for reference collections and closures, value equality for everything else.</summary>
    private static bool IsSame(Value a, Value b) => a.Kind switch
    {
        ValueKind.List or ValueKind.Dict or ValueKind.Set or ValueKind.Closure or ValueKind.Pair => a.Kind == b.Kind && ReferenceEquals(a.Ref, b.Ref),
        _ => ValueEquality.AreEqual(a, b),
    };
}
