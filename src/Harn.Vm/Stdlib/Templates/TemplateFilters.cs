using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Templates;

/// <summary>The built-in template filters (<c>upper</c>, <c>join: ", "</c>, <c>default: "x"</c>, ...).</summary>
internal static class TemplateFilters
{
    /// <summary>The filtered value, or null for an unknown filter.</summary>
    public static Value? Apply(string name, Value input, Value[] args)
    {
        var text = input.IsNil ? string.Empty : ValueFormatter.Display(input);
        var arg = args.Length > 0 ? args[0] : Value.Nil;
        switch (name)
        {
            case "upper":
                return Value.FromString(text.ToUpperInvariant());
            case "lower":
                return Value.FromString(text.ToLowerInvariant());
            case "trim":
                return Value.FromString(text.Trim());
            case "capitalize":
                return Value.FromString(text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant());
            case "title":
                return Value.FromString(string.Join(' ', text.Split(' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])));
            case "length":
                return Value.FromInt(Core.Length(input));
            case "first":
                return input.Kind == ValueKind.String ? ValueAccess.Index(input, Value.FromInt(0)) : Pick(input, 0);
            case "last":
                return input.Kind == ValueKind.String ? ValueAccess.Index(input, Value.FromInt(-1)) : Pick(input, -1);
            case "reverse":
                return input.Kind == ValueKind.String
                    ? Value.FromString(RuneText.Reverse(input.AsString))
                    : Value.FromList(HarnList.Create(Enumerable.Reverse(Strings.ItemsOf(input).ToArray())));
            case "join":
                return Value.FromString(Strings.JoinDisplay(Strings.ItemsOf(input), arg.IsNil ? string.Empty : ValueFormatter.Display(arg)));
            case "default":
                return TemplateExpression.IsTruthy(input) ? input : arg;
            case "json":
                return Value.FromString(JsonConversion.Stringify(input, Truthiness.IsTruthy(arg)));
            case "indent":
                return Value.FromString(Indent(text, arg.Kind == ValueKind.Int ? (int)Math.Clamp(arg.AsInt, 0, 1000) : 2, args.Length > 1 && Truthiness.IsTruthy(args[1])));
            case "lines":
                return Value.FromList(StringMethods.Lines(text));
            case "escape_md":
                return Value.FromString(EscapeMarkdown(text));
            case "replace":
                return Value.FromString(StringMethods.Replace(text, ValueFormatter.Display(arg), args.Length > 1 ? ValueFormatter.Display(args[1]) : string.Empty));
            default:
                return null;
        }
    }

    private static Value Pick(Value input, int index)
    {
        var items = Strings.ItemsOf(input);
        return items.Length == 0 ? Value.Nil : items[index < 0 ? items.Length + index : index];
    }

    private static string Indent(string text, int width, bool first)
    {
        var pad = new string(' ', width);
        var lines = text.Split('\n');
        for (var i = first ? 0 : 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                lines[i] = pad + lines[i];
            }
        }

        return string.Join('\n', lines);
    }

    private static string EscapeMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if ("\\`*_{}[]()#+-.!|>~".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
