using Harn.Runtime;

namespace Harn.Stdlib.Mcp;

/// <summary>How MCP results become Harn values: one text block is its string, several blocks a list of dicts, none nil.</summary>
internal static class McpContent
{
    /// <summary>A <c>tools/call</c> result; <c>isError: true</c> is thrown as the result's text.</summary>
    public static Value ToolResult(Value result)
    {
        var content = McpJson.Field(result, "content") is { Kind: ValueKind.List } list ? list.AsList : HarnList.Empty;
        if (McpJson.Field(result, "isError") is { Kind: ValueKind.Bool } isError && isError.AsBool)
        {
            var text = string.Join("\n", content.Select(block => McpJson.StringField(block, "text")).Where(t => t is not null));
            throw RuntimeErrors.Thrown(text.Length > 0 ? text : "MCP tool reported an error");
        }

        if (content.Count == 0)
        {
            return McpJson.Field(result, "structuredContent");
        }

        return Blocks(content, "text");
    }

    /// <summary>A <c>resources/read</c> result: the text of a single text resource, else the list of contents.</summary>
    public static Value ResourceResult(Value result) =>
        McpJson.Field(result, "contents") is { Kind: ValueKind.List } contents && contents.AsList.Count > 0
            ? Blocks(contents.AsList, null)
            : Value.Nil;

    private static Value Blocks(HarnList blocks, string? textType)
    {
        if (blocks.Count == 1 && McpJson.Field(blocks[0], "text") is { Kind: ValueKind.String } text
            && (textType is null || McpJson.StringField(blocks[0], "type") == textType))
        {
            return text;
        }

        return Value.FromList(blocks);
    }
}
