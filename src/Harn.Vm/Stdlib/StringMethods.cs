using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Methods of string values. Positions and lengths count Unicode scalar values.</summary>
internal static class StringMethods
{
    public static Value Invoke(BuiltinContext context, string text, string name, ReadOnlySpan<Value> args)
    {
        switch (name)
        {
            case "count" or "len" or "length":
                return Value.FromInt(RuneText.Length(text));
            case "empty" or "is_empty":
                return Value.FromBool(text.Length == 0);
            case "contains":
                return Value.FromBool(text.Contains(Text(args, 0), StringComparison.Ordinal));
            case "split":
                return Value.FromList(Split(text, Args.At(args, 0).IsNil ? " " : Text(args, 0)));
            case "trim":
                return Value.FromString(text.Trim());
            case "trim_start":
                return Value.FromString(text.TrimStart());
            case "trim_end":
                return Value.FromString(text.TrimEnd());
            case "starts_with":
                return Value.FromBool(text.StartsWith(Text(args, 0), StringComparison.Ordinal));
            case "ends_with":
                return Value.FromBool(text.EndsWith(Text(args, 0), StringComparison.Ordinal));
            case "lowercase" or "lower" or "to_lower":
                return Value.FromString(text.ToLowerInvariant());
            case "uppercase" or "upper" or "to_upper":
                return Value.FromString(text.ToUpperInvariant());
            case "replace":
                return Value.FromString(Replace(text, Text(args, 0), Text(args, 1)));
            case "substring":
                return Substring(text, args);
            case "index_of":
                return Value.FromInt(IndexOf(text, Text(args, 0)));
            case "last_index_of":
                return Value.FromInt(LastIndexOf(text, Text(args, 0)));
            case "chars":
                return Value.FromList(new HarnList(HarnIterator.StringChars(text)));
            case "repeat":
                return Value.FromString(Arithmetic.Repeat(text, Args.Int(args, 0, "repeat")));
            case "reverse":
                return Value.FromString(RuneText.Reverse(text));
            case "pad_left":
                return Value.FromString(Pad(text, args, left: true));
            case "pad_right":
                return Value.FromString(Pad(text, args, left: false));
            case "lines":
                return Value.FromList(Lines(text));
            case "char_at":
                return Index(text, Args.At(args, 0));
            case "iter":
                return HarnIter.Lift(Value.FromString(text));
            case "to_string":
                return Value.FromString(text);
            case "to_int" or "to_float" or "trim_prefix" or "trim_suffix" or "strip_prefix" or "strip_suffix" or "capitalize":
                return Extra(text, name, args);
            default:
                return Value.Nil;
        }
    }

    private static Value Extra(string text, string name, ReadOnlySpan<Value> args)
    {
        switch (name)
        {
            case "trim_prefix" or "strip_prefix":
                {
                    var prefix = Text(args, 0);
                    return Value.FromString(prefix.Length > 0 && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text);
                }

            case "trim_suffix" or "strip_suffix":
                {
                    var suffix = Text(args, 0);
                    return Value.FromString(suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text);
                }

            case "capitalize":
                return Value.FromString(Strings.UppercaseFirst(text));
            default:
                return Value.Nil;
        }
    }

    /// <summary>Argument <paramref name="index"/> as text (non-strings by their display).</summary>
    public static string Text(ReadOnlySpan<Value> args, int index)
    {
        var value = Args.At(args, index);
        return value.Kind == ValueKind.String ? value.AsString : ValueFormatter.Display(value);
    }

    public static HarnList Split(string text, string separator)
    {
        if (separator.Length == 0)
        {
            // Splitting on "" yields the characters (without the empty ends).
            return new HarnList(HarnIterator.StringChars(text));
        }

        var parts = text.Split(separator);
        var items = new Value[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            items[i] = Value.FromString(parts[i]);
        }

        return new HarnList(items);
    }

    public static string Replace(string text, string old, string replacement) =>
        old.Length == 0 ? text : text.Replace(old, replacement, StringComparison.Ordinal);

    /// <summary><c>s.substring(start, end?)</c>: scalars [start, end), clamped.</summary>
    private static Value Substring(string text, ReadOnlySpan<Value> args)
    {
        var length = RuneText.Length(text);
        var start = (int)Math.Clamp(Args.Int(args, 0, "substring"), 0, length);
        var end = Args.At(args, 1).IsNil ? length : (int)Math.Clamp(Args.Int(args, 1, "substring"), start, length);
        return Value.FromString(RuneText.Substring(text, start, end));
    }

    /// <summary>Scalar offset of the first occurrence, or -1.</summary>
    public static long IndexOf(string text, string needle)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        return at < 0 ? -1 : RuneText.RuneIndex(text, at);
    }

    private static long LastIndexOf(string text, string needle)
    {
        var at = text.LastIndexOf(needle, StringComparison.Ordinal);
        return at < 0 ? -1 : RuneText.RuneIndex(text, at);
    }

    private static string Pad(string text, ReadOnlySpan<Value> args, bool left)
    {
        var width = Args.Int(args, 0, left ? "pad_left" : "pad_right");
        var fill = Args.At(args, 1).IsNil ? " " : Text(args, 1);
        var length = RuneText.Length(text);
        if (width <= length || fill.Length == 0)
        {
            return text;
        }

        var padding = new StringBuilder();
        for (var i = length; i < width; i++)
        {
            padding.Append(fill);
        }

        return left ? padding + text : text + padding;
    }

    public static HarnList Lines(string text)
    {
        var lines = new List<Value>();
        foreach (var line in text.Split('\n'))
        {
            lines.Add(Value.FromString(line.EndsWith('\r') ? line[..^1] : line));
        }

        // Like Rust's str::lines: a trailing newline does not start an empty last line.
        if (text.EndsWith('\n') || text.Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return HarnList.Create(lines);
    }

    private static Value Index(string text, Value index) =>
        index.Kind == ValueKind.Int ? ValueAccess.Index(Value.FromString(text), index) : Value.Nil;
}
