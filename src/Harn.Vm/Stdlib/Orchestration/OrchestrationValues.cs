using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;
using Harn.Stdlib.Concurrency;

namespace Harn.Stdlib.Orchestration;

/// <summary>Small shared pieces of the orchestration builtins: dict building, timestamps, hashes, waiting in place.</summary>
internal static class OrchestrationValues
{
    public static Value Dict(params (string Key, Value Value)[] entries) => ConcurrencyHelpers.Dict(entries);

    public static Value Str(string? text) => text is null ? Value.Nil : Value.FromString(text);

    public static Value List(IEnumerable<Value> items) => Value.FromList(HarnList.Create(items));

    public static Value Strings(IEnumerable<string> items) => List(items.Select(Value.FromString));

    /// <summary>The fields of a dict option; empty when <paramref name="value"/> is nil or not a dict.</summary>
    public static HarnDict Options(Value value) => value.Kind == ValueKind.Dict ? value.AsDict : HarnDict.Empty;

    /// <summary>The options dict argument at <paramref name="index"/>: empty when omitted or nil, an error when not a dict.</summary>
    public static HarnDict OptionsArg(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.IsNil || value.Kind == ValueKind.Dict ? Options(value) : throw Args.Expected(function, "an options dict", value);
    }

    /// <summary>The field <paramref name="key"/> of a dict, nil when absent.</summary>
    public static Value Field(HarnDict dict, string key) => dict.TryGetValue(key, out var value) ? value : Value.Nil;

    public static string? StringField(HarnDict dict, string key) =>
        dict.TryGetValue(key, out var value) && value.Kind == ValueKind.String ? value.AsString : null;

    public static string NowIso() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>Blocks the calling builtin until <paramref name="wait"/> completes, letting the other tasks run meanwhile.</summary>
    public static Value Block(BuiltinContext context, VmWait wait, string function)
    {
        var now = wait.NowOrPending();
        return now.Ref is VmSuspension suspension ? ConcurrencyHelpers.VmOf(context, function).WaitInPlace(suspension) : now;
    }

    /// <summary>The display text of an error a Harn handler raised.</summary>
    public static string ErrorText(HarnRuntimeException error) => ValueFormatter.Display(error.CatchValue);
}
