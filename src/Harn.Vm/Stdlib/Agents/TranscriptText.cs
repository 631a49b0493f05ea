using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Text of message content: a string is itself; a list of blocks joins its text blocks, shows
/// media blocks as <c>[image: name]</c>, and can leave out blocks that are not public.
/// </summary>
internal static class TranscriptText
{
    public static string ContentText(Value content, bool publicOnly = false)
    {
        switch (content.Kind)
        {
            case ValueKind.String:
                return content.AsString;
            case ValueKind.Nil:
                return "";
            case ValueKind.List:
                {
                    var parts = new List<string>();
                    foreach (var block in content.AsList)
                    {
                        if (publicOnly && !IsPublic(block))
                        {
                            continue;
                        }

                        if (BlockText(block) is { Length: > 0 } text)
                        {
                            parts.Add(text);
                        }
                    }

                    return string.Join("\n", parts);
                }

            default:
                return AgentValues.Text(content);
        }
    }

    public static bool IsPublic(Value block) => AgentValues.StringField(block, "visibility") is null or "public";

    private static string BlockText(Value block)
    {
        if (block.Kind == ValueKind.String)
        {
            return block.AsString;
        }

        var type = AgentValues.StringField(block, "type") ?? "text";
        if (AgentValues.StringField(block, "text") is { } text && type is "text" or "output_text" or "input_text" or "thinking" or "reasoning")
        {
            return text;
        }

        var label = AgentValues.StringField(block, "name") ?? AgentValues.StringField(block, "path") ?? AgentValues.StringField(block, "asset_id");
        return type switch
        {
            "tool_call" or "tool_use" => $"[tool_call: {AgentValues.StringField(block, "name") ?? "?"}]",
            "tool_result" => AgentValues.Text(AgentValues.Field(block, "content") is { IsNil: false } result ? result : AgentValues.Field(block, "result")),
            _ => new StringBuilder("[").Append(type).Append(label is null ? "" : ": " + label).Append(']').ToString(),
        };
    }
}
