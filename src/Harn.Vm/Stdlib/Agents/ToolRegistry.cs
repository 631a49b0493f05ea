using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// The tool registry value: a dict <c>{_type: "tool_registry", tools: [entry, ...]}</c> where each
/// entry is <c>{name, description, parameters, outputSchema?, handler?, executor, ...}</c>.
/// Registries are values: every change returns a new registry.
/// </summary>
internal static class ToolRegistry
{
    public const string TypeTag = "tool_registry";

    public static Value Create(IEnumerable<Value> entries) =>
        AgentValues.Dict(("_type", AgentValues.Str(TypeTag)), ("tools", AgentValues.List(entries)));

    /// <summary>The entries of a registry dict, a list of entries, or nil (none).</summary>
    public static IReadOnlyList<HarnDict> Entries(Value registry)
    {
        var tools = registry.Kind switch
        {
            ValueKind.Dict => AgentValues.ListField(registry, "tools"),
            ValueKind.List => registry.AsList,
            _ => HarnList.Empty,
        };
        return tools.Where(t => t.Kind == ValueKind.Dict).Select(t => t.AsDict).ToList();
    }

    /// <summary>Whether <paramref name="value"/> can be read as a registry.</summary>
    public static bool IsRegistry(Value value) =>
        value.Kind == ValueKind.List || (value.Kind == ValueKind.Dict && AgentValues.Field(value, "tools").Kind == ValueKind.List);

    public static HarnDict? Find(Value registry, string name) =>
        Entries(registry).FirstOrDefault(entry => NameOf(entry) == name);

    public static string NameOf(HarnDict entry) => AgentValues.StringField(entry, "name") ?? "";

    /// <summary>The registry with <paramref name="entry"/> added, replacing a tool of the same name in place.</summary>
    public static Value With(Value registry, HarnDict entry) =>
        WithEntries(registry, AgentValues.ReplaceNamed(Entries(registry), entry));

    /// <summary>The registry keeping its other keys, with its tools replaced.</summary>
    public static Value WithEntries(Value registry, IEnumerable<Value> entries) =>
        registry.Kind == ValueKind.Dict
            ? Value.FromDict(registry.AsDict.With("tools", AgentValues.List(entries)))
            : Create(entries);

    /// <summary>Names of the parameters a call must supply: those without <c>required: false</c> and without a default.</summary>
    public static IReadOnlyList<string> RequiredParameters(HarnDict entry)
    {
        var required = new List<string>();
        foreach (var (name, schema) in Parameters(entry))
        {
            var optional = AgentValues.Field(schema, "required") is { Kind: ValueKind.Bool } flag && !flag.AsBool;
            if (!optional && !(schema.Kind == ValueKind.Dict && schema.AsDict.ContainsKey("default")))
            {
                required.Add(name);
            }
        }

        return required;
    }

    public static HarnDict Parameters(HarnDict entry) =>
        AgentValues.Field(entry, "parameters") is { Kind: ValueKind.Dict } parameters ? parameters.AsDict : HarnDict.Empty;

    /// <summary>The JSON Schema of a tool's input: <c>{type: "object", properties, required}</c>.</summary>
    public static Value InputSchema(HarnDict entry)
    {
        var properties = HarnDict.Empty;
        foreach (var (name, schema) in Parameters(entry))
        {
            properties = properties.With(name, PropertySchema(schema));
        }

        return AgentValues.Dict(
            ("type", AgentValues.Str("object")),
            ("properties", Value.FromDict(properties)),
            ("required", AgentValues.List(RequiredParameters(entry).Select(AgentValues.Str))));
    }

    /// <summary>A parameter's schema without the tool-level <c>required: false</c> flag (a nested <c>required</c> list stays).</summary>
    public static Value PropertySchema(Value schema) =>
        schema.Kind == ValueKind.Dict && AgentValues.Field(schema, "required").Kind == ValueKind.Bool ? Value.FromDict(schema.AsDict.Without("required")) : schema;

    /// <summary>An entry as listings show it: everything but the handler.</summary>
    public static Value Listing(HarnDict entry) => Value.FromDict(entry.Without("handler"));
}
