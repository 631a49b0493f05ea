using Harn.Runtime;

namespace Harn.Stdlib.Agents;

/// <summary>
/// Normalizes tool parameter and return schemas to JSON Schema: a bare type name
/// (<c>{prompt: "string"}</c>) becomes <c>{type: "string"}</c>, and the runtime's type names
/// (<c>int</c>, <c>dict</c>, <c>additional_properties</c>, ...) become JSON Schema's.
/// </summary>
internal static class ToolSchemas
{
    private const int MaxDepth = 64;

    /// <summary>The JSON Schema spelling of a runtime type name, or the name unchanged.</summary>
    public static string JsonTypeName(string type) => type switch
    {
        "int" => "integer",
        "float" => "number",
        "bool" => "boolean",
        "dict" => "object",
        "list" => "array",
        "nil" => "null",
        _ => type,
    };

    /// <summary>The parameters dict with each parameter's schema normalized.</summary>
    public static HarnDict NormalizeParameters(Value parameters)
    {
        if (parameters.Kind != ValueKind.Dict)
        {
            return HarnDict.Empty;
        }

        var entries = new List<KeyValuePair<string, Value>>();
        foreach (var (name, schema) in parameters.AsDict)
        {
            entries.Add(new(name, Normalize(schema)));
        }

        return HarnDict.FromEntries(entries);
    }

    /// <summary>A schema in JSON Schema spelling; a string is taken as a type name.</summary>
    public static Value Normalize(Value schema) => Normalize(schema, 0);

    private static Value Normalize(Value schema, int depth)
    {
        if (depth > MaxDepth)
        {
            throw RuntimeErrors.Runtime("tool schema is nested too deeply");
        }

        switch (schema.Kind)
        {
            case ValueKind.String:
                return Value.FromDict(HarnDict.Empty.With("type", Value.FromString(JsonTypeName(schema.AsString))));
            case ValueKind.Dict:
                break;
            default:
                return schema;
        }

        var result = HarnDict.Empty;
        foreach (var (key, value) in schema.AsDict)
        {
            switch (key)
            {
                case "type" when value.Kind == ValueKind.String:
                    result = result.With(key, Value.FromString(JsonTypeName(value.AsString)));
                    break;
                case "items" or "additionalProperties":
                    result = result.With(key, Normalize(value, depth + 1));
                    break;
                case "additional_properties":
                    result = result.With("additionalProperties", Normalize(value, depth + 1));
                    break;
                case "properties" when value.Kind == ValueKind.Dict:
                    {
                        var properties = HarnDict.Empty;
                        foreach (var (name, property) in value.AsDict)
                        {
                            properties = properties.With(name, Normalize(property, depth + 1));
                        }

                        result = result.With(key, Value.FromDict(properties));
                        break;
                    }

                case "union" or "anyOf" or "oneOf" when value.Kind == ValueKind.List:
                    result = result.With(key == "union" ? "anyOf" : key, Value.FromList(HarnList.Create(value.AsList.Select(v => Normalize(v, depth + 1)))));
                    break;
                default:
                    result = result.With(key, value);
                    break;
            }
        }

        return Value.FromDict(result);
    }
}
