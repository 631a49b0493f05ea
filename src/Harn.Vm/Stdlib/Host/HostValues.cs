using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>Small conversions the host builtins share: option lookups, byte/text payloads, dict building.</summary>
internal static class HostValues
{
    public static Value Str(string? text) => text is null ? Value.Nil : Value.FromString(text);

    public static Value List(IEnumerable<Value> items) => Value.FromList(HarnList.Create(items));

    public static Value Strings(IEnumerable<string> items) => List(items.Select(Value.FromString));

    /// <summary>An optional options dict argument (nil or absent reads as empty).</summary>
    public static HarnDict Options(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.IsNil ? HarnDict.Empty : value.Kind == ValueKind.Dict ? value.AsDict : throw Args.Expected(function, "a dict", value);
    }

    public static Value Get(this HarnDict dict, string key, Value fallback) => dict.TryGetValue(key, out var value) && !value.IsNil ? value : fallback;

    public static string? GetString(this HarnDict dict, string key) =>
        dict.TryGetValue(key, out var value) && value.Kind == ValueKind.String ? value.AsString : null;

    public static long? GetInt(this HarnDict dict, string key) =>
        dict.TryGetValue(key, out var value) && value.IsNumber ? (long)value.AsNumber : null;

    public static bool GetBool(this HarnDict dict, string key, bool fallback) =>
        dict.TryGetValue(key, out var value) && !value.IsNil ? Truthiness.IsTruthy(value) : fallback;

    public static HarnDict? GetDict(this HarnDict dict, string key) =>
        dict.TryGetValue(key, out var value) && value.Kind == ValueKind.Dict ? value.AsDict : null;

    /// <summary>A string's UTF-8 bytes, a bytes value as is, anything else by its display text.</summary>
    public static byte[] Bytes(Value value) => value.Kind switch
    {
        ValueKind.Bytes => value.As<byte[]>(),
        ValueKind.String => Encoding.UTF8.GetBytes(value.AsString),
        ValueKind.Nil => [],
        _ => Encoding.UTF8.GetBytes(ValueFormatter.Display(value)),
    };

    public static byte[] BytesArg(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind is ValueKind.Bytes or ValueKind.String ? Bytes(value) : throw Args.Expected(function, "a string or bytes", value);
    }

    public static Value Dict(params (string Key, Value Value)[] entries)
    {
        var dict = HarnDict.Empty;
        foreach (var (key, value) in entries)
        {
            dict = dict.With(key, value);
        }

        return Value.FromDict(dict);
    }
}

/// <summary>File builtins resolve relative paths against the process working directory, as upstream's do.</summary>
internal static class HostPaths
{
    /// <remarks>Every resolved path passes the sandbox's read-only roots check (<see cref="Sandbox.SandboxPaths.Check"/>) before any file is touched.</remarks>
    public static string Full(string path) => Sandbox.SandboxPaths.Check(Path.GetFullPath(path.Length == 0 ? "." : path, Directory.GetCurrentDirectory()));
}
