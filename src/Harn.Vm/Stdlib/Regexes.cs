using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Regex builtins. Patterns use Rust-regex syntax, which .NET accepts for the common subset (<c>(?P&lt;name&gt;…)</c> included).</summary>
internal static class Regexes
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("regex_match", Match);
        registry.Register("regex_replace", Replace);
        registry.Register("regex_captures", Captures);
        registry.Register("regex_split", Split);
        registry.Register("regex_test", (_, args) => Value.FromBool(Build(args, 0, 2, "regex_test").IsMatch(Args.String(args, 1, "regex_test"))));
    }

    private static Regex Build(ReadOnlySpan<Value> args, int patternIndex, int flagsIndex, string function)
    {
        var pattern = Args.String(args, patternIndex, function);
        var options = RegexOptions.CultureInvariant;
        foreach (var flag in Args.OptionalString(args, flagsIndex, function, string.Empty))
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                'x' => RegexOptions.IgnorePatternWhitespace,
                _ => throw RuntimeErrors.Runtime($"{function}: unknown regex flag '{flag}'"),
            };
        }

        try
        {
            return new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), options, MatchTimeout);
        }
        catch (ArgumentException error)
        {
            throw RuntimeErrors.Runtime($"{function}: invalid regex: {error.Message}");
        }
    }

    /// <summary><c>regex_match(pattern, text, flags?)</c>: every match, or nil when there is none.</summary>
    private static Value Match(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var regex = Build(args, 0, 2, "regex_match");
        var text = Args.String(args, 1, "regex_match");
        var matches = Run(() => regex.Matches(text).Select(m => Value.FromString(m.Value)).ToList());
        return matches.Count == 0 ? Value.Nil : Value.FromList(HarnList.Create(matches));
    }

    /// <summary><c>regex_replace(pattern, replacement, text)</c>; <c>$1</c>/<c>${name}</c> refer to groups.</summary>
    private static Value Replace(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var regex = Build(args, 0, 3, "regex_replace");
        var replacement = Args.String(args, 1, "regex_replace");
        var text = Args.String(args, 2, "regex_replace");
        return Value.FromString(Run(() => regex.Replace(text, replacement)));
    }

    /// <summary>One dict per match: <c>match</c>, <c>groups</c> (nil for unmatched groups) and each named group.</summary>
    private static Value Captures(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var regex = Build(args, 0, 2, "regex_captures");
        var text = Args.String(args, 1, "regex_captures");
        var names = regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToArray();
        var results = Run(() =>
        {
            var list = new List<Value>();
            foreach (Match match in regex.Matches(text))
            {
                var groups = new List<Value>();
                for (var i = 1; i < match.Groups.Count; i++)
                {
                    groups.Add(match.Groups[i].Success ? Value.FromString(match.Groups[i].Value) : Value.Nil);
                }

                var dict = HarnDict.Empty.With("match", Value.FromString(match.Value)).With("groups", Value.FromList(HarnList.Create(groups)));
                foreach (var name in names)
                {
                    dict = dict.With(name, match.Groups[name].Success ? Value.FromString(match.Groups[name].Value) : Value.Nil);
                }

                list.Add(Value.FromDict(dict));
            }

            return list;
        });
        return Value.FromList(HarnList.Create(results));
    }

    private static Value Split(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "regex_split");
        var regex = Build(args, 1, 2, "regex_split");
        return Value.FromList(HarnList.Create(Run(() => regex.Split(text)).Select(Value.FromString)));
    }

    private static T Run<T>(Func<T> match)
    {
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException)
        {
            throw RuntimeErrors.Runtime("regex match timed out");
        }
    }
}
