using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The tagged text form of tool calls and results: <c>tool_parse_call(text)</c> reads every
/// <c>&lt;tool_call&gt;{json}&lt;/tool_call&gt;</c>, <c>tool_format_result(name, result)</c> writes a
/// <c>&lt;tool_result&gt;</c> envelope.
/// </summary>
internal static class ToolCallText
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("tool_parse_call", (_, args) => AgentValues.List(Parse(Args.String(args, 0, "tool_parse_call"))));
        registry.Register("tool_format_result", (_, args) =>
            AgentValues.Str(FormatResult(Args.String(args, 0, "tool_format_result"), Args.At(args, 1))));
    }

    /// <summary>The calls in <paramref name="text"/> as <c>{name, arguments}</c>; blocks that are not a JSON object with a name are skipped.</summary>
    public static IReadOnlyList<Value> Parse(string text)
    {
        var calls = new List<Value>();
        var at = 0;
        while ((at = text.IndexOf(Open, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + Open.Length;
            var end = text.IndexOf(Close, start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            at = end + Close.Length;
            if (!JsonConversion.TryParse(text[start..end].Trim(), out var parsed) || AgentValues.StringField(parsed, "name") is not { } name)
            {
                continue;
            }

            var arguments = AgentValues.Field(parsed, "arguments");
            calls.Add(AgentValues.Dict(
                ("name", AgentValues.Str(name)),
                ("arguments", arguments.Kind == ValueKind.Dict ? arguments : Value.FromDict(HarnDict.Empty))));
        }

        return calls;
    }

    /// <summary><c>&lt;tool_result&gt;{"name": "n", "result": ...}&lt;/tool_result&gt;</c>.</summary>
    public static string FormatResult(string name, Value result)
    {
        var text = new StringBuilder("<tool_result>{\"name\": ");
        JsonConversion.WriteString(text, name);
        text.Append(", \"result\": ");
        if (result.Kind == ValueKind.String)
        {
            JsonConversion.WriteString(text, result.AsString);
        }
        else
        {
            text.Append(JsonConversion.Stringify(result));
        }

        return text.Append("}</tool_result>").ToString();
    }
}
