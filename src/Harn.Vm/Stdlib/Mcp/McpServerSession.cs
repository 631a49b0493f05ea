using System.Text;
using System.Text.RegularExpressions;
using Harn.Runtime;
using Harn.Stdlib.Agents;

namespace Harn.Stdlib.Mcp;

/// <summary>
/// Answers MCP JSON-RPC requests from a run's <see cref="McpServerCatalog"/>: the handshake,
/// <c>tools/*</c> (through <see cref="ToolExecutor"/>, so tool hooks and policies apply),
/// <c>resources/*</c> and <c>prompts/*</c>. Handlers run through the run's context.
/// </summary>
internal sealed class McpServerSession(BuiltinContext context, McpServerCatalog catalog, string serverName)
{
    /// <summary>The response to one message, or nil for a notification.</summary>
    public Value Handle(Value message)
    {
        var id = McpJson.Field(message, "id");
        var method = McpJson.StringField(message, "method");
        if (method is null)
        {
            return id.IsNil ? Value.Nil : McpJson.Error(id, -32600, "Invalid Request");
        }

        var parameters = McpJson.Field(message, "params");
        try
        {
            var result = Dispatch(method, parameters, out var known);
            if (id.IsNil)
            {
                return Value.Nil;
            }

            return known ? McpJson.Result(id, result) : McpJson.Error(id, -32601, $"Method not found: {method}");
        }
        catch (HarnRuntimeException error)
        {
            return id.IsNil ? Value.Nil : McpJson.Error(id, -32603, ValueFormatter.Display(error.CatchValue));
        }
        catch (McpInvalidParams error)
        {
            return id.IsNil ? Value.Nil : McpJson.Error(id, -32602, error.Message);
        }
    }

    private Value Dispatch(string method, Value parameters, out bool known)
    {
        known = true;
        switch (method)
        {
            case "initialize":
                return Initialize(parameters);
            case "ping":
                return Value.FromDict(HarnDict.Empty);
            case "tools/list":
                return McpJson.Dict(("tools", Value.FromList(HarnList.Create(ToolRegistry.Entries(catalog.Tools).Select(ToolListing)))));
            case "tools/call":
                return CallTool(parameters);
            case "resources/list":
                return McpJson.Dict(("resources", Value.FromList(HarnList.Create(catalog.Resources.Select(ResourceListing)))));
            case "resources/templates/list":
                return McpJson.Dict(("resourceTemplates", Value.FromList(HarnList.Create(catalog.ResourceTemplates.Select(TemplateListing)))));
            case "resources/read":
                return ReadResource(parameters);
            case "prompts/list":
                return McpJson.Dict(("prompts", Value.FromList(HarnList.Create(catalog.Prompts.Select(PromptListing)))));
            case "prompts/get":
                return GetPrompt(parameters);
            default:
                known = method.StartsWith("notifications/", StringComparison.Ordinal);
                return Value.Nil;
        }
    }

    private Value Initialize(Value parameters)
    {
        var capabilities = HarnDict.Empty;
        if (!catalog.Tools.IsNil)
        {
            capabilities = capabilities.With("tools", Value.FromDict(HarnDict.Empty));
        }

        if (catalog.Resources.Count > 0 || catalog.ResourceTemplates.Count > 0)
        {
            capabilities = capabilities.With("resources", Value.FromDict(HarnDict.Empty));
        }

        if (catalog.Prompts.Count > 0)
        {
            capabilities = capabilities.With("prompts", Value.FromDict(HarnDict.Empty));
        }

        var requested = McpJson.StringField(parameters, "protocolVersion");
        return McpJson.Dict(
            ("protocolVersion", Value.FromString(requested ?? McpJson.ProtocolVersion)),
            ("capabilities", Value.FromDict(capabilities)),
            ("serverInfo", McpJson.Dict(("name", Value.FromString(serverName)), ("version", Value.FromString(McpJson.RuntimeVersion)))));
    }

    private static Value ToolListing(HarnDict entry)
    {
        var listing = HarnDict.Empty
            .With("name", Value.FromString(ToolRegistry.NameOf(entry)))
            .With("description", Value.FromString(AgentValues.StringField(entry, "description") ?? ""))
            .With("inputSchema", ToolRegistry.InputSchema(entry));
        if (AgentValues.Field(entry, "annotations") is { Kind: ValueKind.Dict } annotations)
        {
            listing = listing.With("annotations", annotations);
        }

        if (AgentValues.Field(entry, "returns") is { Kind: ValueKind.Dict } returns)
        {
            listing = listing.With("outputSchema", returns);
        }

        return Value.FromDict(listing);
    }

    private Value CallTool(Value parameters)
    {
        var name = McpJson.StringField(parameters, "name") ?? throw new McpInvalidParams("tools/call needs a tool `name`");
        if (ToolRegistry.Find(catalog.Tools, name) is null)
        {
            throw new McpInvalidParams($"Unknown tool: {name}");
        }

        var outcome = ToolExecutor.Execute(context, catalog.Tools, name, McpJson.Field(parameters, "arguments"));
        return McpJson.Dict(
            ("content", Value.FromList(HarnList.Create([TextBlock(outcome.Text)]))),
            ("isError", Value.FromBool(!outcome.IsOk)));
    }

    private static Value ResourceListing(HarnDict resource) => Listing(resource, "uri", "uri");

    private static Value TemplateListing(HarnDict template) => Listing(template, "uri_template", "uriTemplate");

    private static Value Listing(HarnDict entry, string keyField, string wireKey)
    {
        var listing = HarnDict.Empty
            .With(wireKey, AgentValues.Field(entry, keyField))
            .With("name", AgentValues.Field(entry, "name"));
        if (AgentValues.StringField(entry, "description") is { } description)
        {
            listing = listing.With("description", Value.FromString(description));
        }

        if (AgentValues.StringField(entry, "mime_type") is { } mime)
        {
            listing = listing.With("mimeType", Value.FromString(mime));
        }

        return Value.FromDict(listing);
    }

    private Value ReadResource(Value parameters)
    {
        var uri = McpJson.StringField(parameters, "uri") ?? throw new McpInvalidParams("resources/read needs a `uri`");
        if (catalog.Resources.FirstOrDefault(r => AgentValues.StringField(r, "uri") == uri) is { } resource)
        {
            return Contents(uri, AgentValues.Field(resource, "text"), AgentValues.StringField(resource, "mime_type"));
        }

        foreach (var template in catalog.ResourceTemplates)
        {
            if (MatchTemplate(AgentValues.StringField(template, "uri_template")!, uri) is { } variables)
            {
                var text = context.Invoke(AgentValues.Field(template, "handler"), [Value.FromDict(variables)]);
                return Contents(uri, text, AgentValues.StringField(template, "mime_type"));
            }
        }

        throw new McpInvalidParams($"Resource not found: {uri}");
    }

    private static Value Contents(string uri, Value text, string? mime)
    {
        var content = HarnDict.Empty.With("uri", Value.FromString(uri)).With("text", Value.FromString(AgentValues.Text(text)));
        if (mime is not null)
        {
            content = content.With("mimeType", Value.FromString(mime));
        }

        return McpJson.Dict(("contents", Value.FromList(HarnList.Create([Value.FromDict(content)]))));
    }

    /// <summary>The variables of a level-1 URI template (<c>file:///{path}</c>) that <paramref name="uri"/> matches, or null.</summary>
    public static HarnDict? MatchTemplate(string template, string uri)
    {
        var pattern = new StringBuilder("^");
        var names = new List<string>();
        var at = 0;
        foreach (Match variable in Regex.Matches(template, @"\{([A-Za-z0-9_]+)\}"))
        {
            pattern.Append(Regex.Escape(template[at..variable.Index]));
            pattern.Append("(.+?)");
            names.Add(variable.Groups[1].Value);
            at = variable.Index + variable.Length;
        }

        pattern.Append(Regex.Escape(template[at..])).Append('$');
        var match = Regex.Match(uri, pattern.ToString(), RegexOptions.Singleline);
        if (!match.Success)
        {
            return null;
        }

        var variables = HarnDict.Empty;
        for (var i = 0; i < names.Count; i++)
        {
            variables = variables.With(names[i], Value.FromString(Uri.UnescapeDataString(match.Groups[i + 1].Value)));
        }

        return variables;
    }

    private static Value PromptListing(HarnDict prompt)
    {
        var listing = HarnDict.Empty.With("name", AgentValues.Field(prompt, "name"));
        if (AgentValues.StringField(prompt, "description") is { } description)
        {
            listing = listing.With("description", Value.FromString(description));
        }

        if (AgentValues.Field(prompt, "arguments") is { Kind: ValueKind.List } arguments)
        {
            listing = listing.With("arguments", arguments);
        }

        return Value.FromDict(listing);
    }

    private Value GetPrompt(Value parameters)
    {
        var name = McpJson.StringField(parameters, "name") ?? throw new McpInvalidParams("prompts/get needs a `name`");
        var prompt = catalog.Prompts.FirstOrDefault(p => AgentValues.StringField(p, "name") == name)
            ?? throw new McpInvalidParams($"Unknown prompt: {name}");
        var arguments = McpJson.Field(parameters, "arguments") is { Kind: ValueKind.Dict } given ? given : Value.FromDict(HarnDict.Empty);
        foreach (var declared in AgentValues.ListField(Value.FromDict(prompt), "arguments"))
        {
            if (AgentValues.Field(declared, "required") is { Kind: ValueKind.Bool } required && required.AsBool
                && AgentValues.StringField(declared, "name") is { } argument && AgentValues.Field(arguments, argument).IsNil)
            {
                throw new McpInvalidParams($"Missing required argument '{argument}' for prompt '{name}'");
            }
        }

        var produced = context.Invoke(AgentValues.Field(prompt, "handler"), [arguments]);
        var messages = produced.Kind == ValueKind.List
            ? produced.AsList.Select(m => Message(AgentValues.StringField(m, "role") ?? "user", AgentValues.Field(m, "content")))
            : [Message("user", produced)];
        var result = HarnDict.Empty.With("messages", Value.FromList(HarnList.Create(messages)));
        if (AgentValues.StringField(prompt, "description") is { } description)
        {
            result = result.With("description", Value.FromString(description));
        }

        return Value.FromDict(result);
    }

    private static Value Message(string role, Value content) =>
        McpJson.Dict(("role", Value.FromString(role)), ("content", content.Kind == ValueKind.Dict ? content : TextBlock(AgentValues.Text(content))));

    private static Value TextBlock(string text) => McpJson.Dict(("type", Value.FromString("text")), ("text", Value.FromString(text)));

    private sealed class McpInvalidParams(string message) : Exception(message);
}
