using System.Globalization;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>String builtins (<c>trim</c>, <c>split</c>, <c>join</c>, <c>format</c>, case conversions, ...).</summary>
internal static class Strings
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("trim", (_, args) => Value.FromString(Args.String(args, 0, "trim").Trim()));
        registry.Register("lowercase", (_, args) => Value.FromString(Args.String(args, 0, "lowercase").ToLowerInvariant()));
        registry.Register("uppercase", (_, args) => Value.FromString(Args.String(args, 0, "uppercase").ToUpperInvariant()));
        registry.Register("split", (_, args) => Value.FromList(StringMethods.Split(Args.String(args, 0, "split"), Args.OptionalString(args, 1, "split", " "))));
        registry.Register("starts_with", (_, args) => Value.FromBool(Args.String(args, 0, "starts_with").StartsWith(StringMethods.Text(args, 1), StringComparison.Ordinal)));
        registry.Register("ends_with", (_, args) => Value.FromBool(Args.String(args, 0, "ends_with").EndsWith(StringMethods.Text(args, 1), StringComparison.Ordinal)));
        registry.Register("contains", (_, args) => Value.FromBool(ValueAccess.Contains(Args.At(args, 0), Args.At(args, 1))));
        registry.Register("replace", (_, args) => Value.FromString(StringMethods.Replace(Args.String(args, 0, "replace"), StringMethods.Text(args, 1), StringMethods.Text(args, 2))));
        registry.Register("join", Join);
        registry.Register("substring", Substring);
        registry.Register("format", Format);
        registry.Register("str_pad", StrPad);
        registry.Register("unicode_normalize", UnicodeNormalize);
        registry.Register("unicode_graphemes", (_, args) => Value.FromList(Graphemes(Args.String(args, 0, "unicode_graphemes"))));
        registry.Register("uppercase_first", (_, args) => Value.FromString(UppercaseFirst(Args.String(args, 0, "uppercase_first"))));
        registry.Register("lowercase_first", (_, args) => Value.FromString(LowercaseFirst(Args.String(args, 0, "lowercase_first"))));
        registry.Register("title_case", (_, args) => Value.FromString(TitleCase(Args.String(args, 0, "title_case"))));
        registry.Register("snake_to_camel", (_, args) => Value.FromString(LowercaseFirst(JoinCapitalized(Args.String(args, 0, "snake_to_camel"), '_'))));
        registry.Register("snake_to_pascal", (_, args) => Value.FromString(JoinCapitalized(Args.String(args, 0, "snake_to_pascal"), '_')));
        registry.Register("kebab_to_camel", (_, args) => Value.FromString(LowercaseFirst(JoinCapitalized(Args.String(args, 0, "kebab_to_camel"), '-'))));
        registry.Register("camel_to_snake", (_, args) => Value.FromString(SplitWords(Args.String(args, 0, "camel_to_snake"), '_')));
        registry.Register("pascal_to_snake", (_, args) => Value.FromString(SplitWords(Args.String(args, 0, "pascal_to_snake"), '_')));
        registry.Register("camel_to_kebab", (_, args) => Value.FromString(SplitWords(Args.String(args, 0, "camel_to_kebab"), '-')));
        registry.Register("snake_to_kebab", (_, args) => Value.FromString(Args.String(args, 0, "snake_to_kebab").Replace('_', '-')));
        registry.Register("kebab_to_snake", (_, args) => Value.FromString(Args.String(args, 0, "kebab_to_snake").Replace('-', '_')));
        registry.Register("dirname", (_, args) => Value.FromString(Dirname(Args.String(args, 0, "dirname"))));
        registry.Register("basename", (_, args) => Value.FromString(Basename(Args.String(args, 0, "basename"))));
        registry.Register("extname", (_, args) => Value.FromString(Extname(Args.String(args, 0, "extname"))));
        registry.Register("path_join", PathJoin);
    }

    private static Value Join(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var items = Args.At(args, 0);
        var separator = Args.OptionalString(args, 1, "join", string.Empty);
        return Value.FromString(JoinDisplay(ItemsOf(items), separator));
    }

    /// <summary>The elements of a list or set (other values: none).</summary>
    public static ReadOnlySpan<Value> ItemsOf(Value value) => value.Kind switch
    {
        ValueKind.List => value.AsList.AsSpan(),
        ValueKind.Set => value.As<HarnSet>().Items,
        _ => ReadOnlySpan<Value>.Empty,
    };

    public static string JoinDisplay(ReadOnlySpan<Value> items, string separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            ValueFormatter.Append(builder, items[i]);
        }

        return builder.ToString();
    }

    /// <summary><c>substring(s, start, length?)</c>: unlike the method, the third argument is a length.</summary>
    private static Value Substring(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "substring");
        var length = RuneText.Length(text);
        var start = (int)Math.Clamp(Args.Int(args, 1, "substring"), 0, length);
        var end = Args.At(args, 2).IsNil ? length : (int)Math.Clamp(start + Math.Max(0, Args.Int(args, 2, "substring")), start, length);
        return Value.FromString(RuneText.Substring(text, start, end));
    }

    /// <summary><c>format(template, a, b, ...)</c> fills <c>{}</c> in order; <c>format(template, dict)</c> fills <c>{name}</c>.</summary>
    private static Value Format(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var template = Args.String(args, 0, "format");
        var builder = new StringBuilder(template.Length);
        var named = args.Length == 2 && args[1].Kind == ValueKind.Dict ? args[1].AsDict : null;
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                if (close > i)
                {
                    var key = template.Substring(i + 1, close - i - 1);
                    if (key.Length == 0 && named is null && next < args.Length)
                    {
                        ValueFormatter.Append(builder, args[next++]);
                        i = close;
                        continue;
                    }

                    if (named is not null && named.TryGetValue(key, out var value))
                    {
                        ValueFormatter.Append(builder, value);
                        i = close;
                        continue;
                    }
                }
            }

            builder.Append(c);
        }

        return Value.FromString(builder.ToString());
    }

    /// <summary><c>str_pad(s, width, fill?, side?)</c>: pads to a width counted in graphemes.</summary>
    private static Value StrPad(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "str_pad");
        var width = Args.Int(args, 1, "str_pad");
        var fill = Args.OptionalString(args, 2, "str_pad", " ");
        var side = Args.OptionalString(args, 3, "str_pad", "right");
        var missing = width - new StringInfo(text).LengthInTextElements;
        if (missing <= 0 || fill.Length == 0)
        {
            return Value.FromString(text);
        }

        string Repeat(long count) => Arithmetic.Repeat(fill, count);
        return Value.FromString(side switch
        {
            "left" => Repeat(missing) + text,
            "both" => Repeat(missing / 2) + text + Repeat(missing - (missing / 2)),
            _ => text + Repeat(missing),
        });
    }

    private static Value UnicodeNormalize(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var text = Args.String(args, 0, "unicode_normalize");
        var form = Args.OptionalString(args, 1, "unicode_normalize", "NFC").ToUpperInvariant() switch
        {
            "NFC" => NormalizationForm.FormC,
            "NFD" => NormalizationForm.FormD,
            "NFKC" => NormalizationForm.FormKC,
            "NFKD" => NormalizationForm.FormKD,
            var other => throw RuntimeErrors.Runtime($"unicode_normalize: unknown form '{other}'"),
        };
        return Value.FromString(text.Normalize(form));
    }

    private static HarnList Graphemes(string text)
    {
        var items = new List<Value>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            items.Add(Value.FromString(enumerator.GetTextElement()));
        }

        return HarnList.Create(items);
    }

    public static string UppercaseFirst(string text) =>
        text.Length == 0 ? text : RuneText.At(text, 0).ToUpperInvariant() + RuneText.Substring(text, 1, RuneText.Length(text));

    private static string LowercaseFirst(string text) =>
        text.Length == 0 ? text : RuneText.At(text, 0).ToLowerInvariant() + RuneText.Substring(text, 1, RuneText.Length(text));

    private static string TitleCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var startOfWord = true;
        foreach (var c in text)
        {
            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = char.IsWhiteSpace(c);
        }

        return builder.ToString();
    }

    /// <summary><c>a_b_c</c> → <c>ABC</c>-style: every part capitalized, separators dropped.</summary>
    private static string JoinCapitalized(string text, char separator)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var part in text.Split(separator))
        {
            builder.Append(UppercaseFirst(part));
        }

        return builder.ToString();
    }

    /// <summary>Splits camel/Pascal case into lowercase words (<c>HTTPServer</c> → <c>http_server</c>).</summary>
    private static string SplitWords(string text, char separator)
    {
        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = text[i - 1];
                var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append(separator);
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static string Dirname(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? string.Empty : slash == 0 ? "/" : trimmed[..slash];
    }

    private static string Basename(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    private static string Extname(string path)
    {
        var name = Basename(path);
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? string.Empty : name[dot..];
    }

    private static Value PathJoin(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var builder = new StringBuilder();
        foreach (var part in args)
        {
            var text = ValueFormatter.Display(part);
            if (text.StartsWith('/'))
            {
                builder.Clear();
            }
            else if (builder.Length > 0 && builder[^1] != '/')
            {
                builder.Append('/');
            }

            builder.Append(text);
        }

        return Value.FromString(builder.ToString());
    }
}
