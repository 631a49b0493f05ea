using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib;

namespace Harn.Hooks;

/// <summary>
/// Decides whether a hook's pattern selects a payload. A glob on the payload's <c>target</c>
/// field is tried first; then <c>""</c>/<c>*</c> match everything; <c>path =~ "regex"</c>,
/// <c>path == value</c> and <c>path != value</c> compare a dotted path into the payload (value
/// quotes optional, non-strings compared as JSON text); a bare dotted path tests that field's
/// truthiness; anything else is a glob on <c>tool.name</c>.
/// </summary>
public static class HookPattern
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static bool Matches(string? pattern, Value payload)
    {
        pattern = pattern?.Trim() ?? "";
        if (pattern.Length == 0 || pattern == "*")
        {
            return true;
        }

        if (Field(payload, "target") is { Kind: ValueKind.String } target && Glob(pattern, target.AsString))
        {
            return true;
        }

        if (Split(pattern, "=~") is var (regexPath, regex))
        {
            return Field(payload, regexPath) is { Kind: ValueKind.String } text && RegexMatches(Unquote(regex), text.AsString);
        }

        if (Split(pattern, "!=") is var (notPath, notValue))
        {
            return !Equals(Field(payload, notPath), Unquote(notValue));
        }

        if (Split(pattern, "==") is var (path, expected))
        {
            return Equals(Field(payload, path), Unquote(expected));
        }

        if (IsDottedPath(pattern))
        {
            var field = Field(payload, pattern);
            if (!field.IsNil)
            {
                return Truthiness.IsTruthy(field);
            }
        }

        return Field(payload, "tool.name") is { Kind: ValueKind.String } tool && Glob(pattern, tool.AsString);
    }

    /// <summary><c>*</c> matches everything, <c>prefix*</c>, <c>*suffix</c> and <c>*part*</c> their ends, anything else exactly.</summary>
    public static bool Glob(string pattern, string text)
    {
        if (pattern == "*")
        {
            return true;
        }

        var starts = pattern.StartsWith('*');
        var ends = pattern.EndsWith('*') && pattern.Length > 1;
        var core = pattern[(starts ? 1 : 0)..(ends ? pattern.Length - 1 : pattern.Length)];
        return (starts, ends) switch
        {
            (true, true) => text.Contains(core, StringComparison.Ordinal),
            (true, false) => text.EndsWith(core, StringComparison.Ordinal),
            (false, true) => text.StartsWith(core, StringComparison.Ordinal),
            _ => text == core,
        };
    }

    private static (string Path, string Operand)? Split(string pattern, string op)
    {
        var at = pattern.IndexOf(op, StringComparison.Ordinal);
        return at <= 0 ? null : (pattern[..at].Trim(), pattern[(at + op.Length)..].Trim());
    }

    private static bool Equals(Value field, string expected) => field.Kind switch
    {
        ValueKind.String => field.AsString == expected,
        ValueKind.Nil => expected is "nil" or "null",
        _ => JsonConversion.Stringify(field) == expected,
    };

    private static bool RegexMatches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] is '"' or '\'') && text[^1] == text[0] ? text[1..^1] : text;

    private static bool IsDottedPath(string pattern) =>
        pattern.All(c => char.IsLetterOrDigit(c) || c is '_' or '.') && !pattern.StartsWith('.') && !pattern.EndsWith('.');

    /// <summary>The value at a dotted path of dict keys, or nil.</summary>
    private static Value Field(Value payload, string path)
    {
        var current = payload;
        foreach (var key in path.Split('.'))
        {
            if (current.Kind != ValueKind.Dict || !current.AsDict.TryGetValue(key, out current))
            {
                return Value.Nil;
            }
        }

        return current;
    }
}
