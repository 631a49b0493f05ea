using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The registry builtins: <c>tool_registry</c>, <c>tool_define</c>, <c>tool_find</c>,
/// <c>tool_list</c>, <c>tool_count</c>, <c>tool_remove</c>, <c>tool_select</c>,
/// <c>tool_describe</c>, <c>tool_schema</c>, <c>tool_prompt</c>.
/// </summary>
internal static class ToolRegistryBuiltins
{
    public const string SchemaVersion = "harn-tools/1.0";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("tool_registry", (_, _) => ToolRegistry.Create([]));
        registry.Register("tool_define", (_, args) => ToolDefinition.Define(args));
        registry.Register("tool_find", (_, args) =>
            ToolRegistry.Find(Args.At(args, 0), Args.String(args, 1, "tool_find")) is { } entry ? Value.FromDict(entry) : Value.Nil);
        registry.Register("tool_list", (_, args) => AgentValues.List(ToolRegistry.Entries(Args.At(args, 0)).Select(ToolRegistry.Listing)));
        registry.Register("tool_count", (_, args) => Value.FromInt(ToolRegistry.Entries(Args.At(args, 0)).Count));
        registry.Register("tool_remove", (_, args) =>
        {
            var name = Args.String(args, 1, "tool_remove");
            return ToolRegistry.WithEntries(Args.At(args, 0), ToolRegistry.Entries(Args.At(args, 0)).Where(e => ToolRegistry.NameOf(e) != name).Select(Value.FromDict));
        });
        registry.Register("tool_select", (_, args) =>
        {
            var names = AgentValues.Strings(Value.FromList(Args.List(args, 1, "tool_select"))).ToHashSet(StringComparer.Ordinal);
            return ToolRegistry.WithEntries(Args.At(args, 0), ToolRegistry.Entries(Args.At(args, 0)).Where(e => names.Contains(ToolRegistry.NameOf(e))).Select(Value.FromDict));
        });
        registry.Register("tool_describe", (_, args) => AgentValues.Str(Describe(ToolRegistry.Entries(Args.At(args, 0)))));
        registry.Register("tool_schema", (_, args) => Schema(ToolRegistry.Entries(Args.At(args, 0)), Args.At(args, 1)));
        registry.Register("tool_prompt", (_, args) => AgentValues.Str(Prompt(ToolRegistry.Entries(Args.At(args, 0)))));
    }

    /// <summary>One line per tool: <c>- name(param: type, ...): description</c>.</summary>
    public static string Describe(IReadOnlyList<HarnDict> entries)
    {
        var text = new StringBuilder();
        text.Append("Available tools:");
        foreach (var entry in entries)
        {
            text.Append("\n- ").Append(ToolRegistry.NameOf(entry)).Append('(').Append(string.Join(", ", ParameterSignatures(entry))).Append(')');
            if (AgentValues.StringField(entry, "description") is { Length: > 0 } description)
            {
                text.Append(": ").Append(description);
            }
        }

        return text.ToString();
    }

    /// <summary><c>{schema_version, tools: [{name, description, inputSchema, outputSchema?}], components?}</c>.</summary>
    public static Value Schema(IReadOnlyList<HarnDict> entries, Value components)
    {
        var tools = entries.Select(entry =>
        {
            var tool = HarnDict.Empty
                .With("name", AgentValues.Str(ToolRegistry.NameOf(entry)))
                .With("description", AgentValues.Str(AgentValues.StringField(entry, "description") ?? ""))
                .With("inputSchema", ToolRegistry.InputSchema(entry));
            if (entry.TryGetValue("outputSchema", out var output))
            {
                tool = tool.With("outputSchema", output);
            }

            return Value.FromDict(tool);
        });
        var schema = HarnDict.Empty.With("schema_version", AgentValues.Str(SchemaVersion)).With("tools", AgentValues.List(tools));
        return Value.FromDict(components.Kind == ValueKind.Dict ? schema.With("components", components) : schema);
    }

    /// <summary>A system-prompt section that lists the tools and the tagged call syntax.</summary>
    public static string Prompt(IReadOnlyList<HarnDict> entries)
    {
        var text = new StringBuilder("## Available Tools\n");
        foreach (var entry in entries)
        {
            text.Append("\n### ").Append(ToolRegistry.NameOf(entry)).Append('\n');
            if (AgentValues.StringField(entry, "description") is { Length: > 0 } description)
            {
                text.Append(description).Append('\n');
            }

            var parameters = ToolRegistry.Parameters(entry);
            if (parameters.Count > 0)
            {
                text.Append("Parameters:\n");
                var required = ToolRegistry.RequiredParameters(entry);
                foreach (var (name, schema) in parameters)
                {
                    text.Append("- ").Append(name).Append(" (").Append(TypeOf(schema)).Append(required.Contains(name) ? "" : ", optional").Append(')');
                    if (AgentValues.StringField(schema, "description") is { Length: > 0 } about)
                    {
                        text.Append(": ").Append(about);
                    }

                    text.Append('\n');
                }
            }
        }

        text.Append("\nTo call a tool, respond with:\n<tool_call>{\"name\": \"tool_name\", \"arguments\": {...}}</tool_call>\n");
        return text.ToString();
    }

    private static IEnumerable<string> ParameterSignatures(HarnDict entry) =>
        ToolRegistry.Parameters(entry).Select(p => p.Key + ": " + TypeOf(p.Value));

    private static string TypeOf(Value schema) => AgentValues.StringField(schema, "type") ?? "any";
}
