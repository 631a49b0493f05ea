using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Schema builtins (<c>schema_check</c>, <c>schema_parse</c>, <c>schema_is</c>, conversions to and
/// from JSON Schema, composition helpers) and <c>__assert_schema</c>, which checks typed parameters.
/// </summary>
internal static class Schemas
{
    public static void Register(BuiltinRegistry registry)
    {
        // The compiler passes a type alias's schema in place of the alias name, so the schema is the argument itself.
        registry.Register("schema_of", (_, args) => Args.At(args, 0));
        registry.Register("schema_check", (_, args) => Check(Args.At(args, 0), SchemaArg(args, "schema_check"), applyDefaults: false));
        registry.Register("schema_parse", (_, args) => Check(Args.At(args, 0), SchemaArg(args, "schema_parse"), applyDefaults: true));
        registry.Register("schema_is", (_, args) => Value.FromBool(JsonSchemaValidator.Validate(Args.At(args, 0), SchemaArg(args, "schema_is")) is null));
        registry.Register("schema_expect", Expect);
        registry.Register("schema_to_json_schema", (_, args) => ToJsonSchema(Value.FromDict(Args.Dict(args, 0, "schema_to_json_schema")), 0));
        registry.Register("schema_to_openapi_schema", (_, args) => ToJsonSchema(Value.FromDict(Args.Dict(args, 0, "schema_to_openapi_schema")), 0));
        registry.Register("schema_from_json_schema", (_, args) => FromJsonSchema(Value.FromDict(Args.Dict(args, 0, "schema_from_json_schema")), 0));
        registry.Register("schema_from_openapi_schema", (_, args) => FromJsonSchema(Value.FromDict(Args.Dict(args, 0, "schema_from_openapi_schema")), 0));
        registry.Register("schema_extend", (_, args) => Value.FromDict(Arithmetic.Merge(Args.Dict(args, 0, "schema_extend"), Args.Dict(args, 1, "schema_extend"))));
        registry.Register("schema_partial", (_, args) => Partial(Value.FromDict(Args.Dict(args, 0, "schema_partial")), 0));
        registry.Register("schema_pick", (_, args) => Value.FromDict(Select(Args.Dict(args, 0, "schema_pick"), Args.List(args, 1, "schema_pick"), keep: true)));
        registry.Register("schema_omit", (_, args) => Value.FromDict(Select(Args.Dict(args, 0, "schema_omit"), Args.List(args, 1, "schema_omit"), keep: false)));
        registry.Register("__assert_schema", AssertSchema);
    }

    private static HarnDict SchemaArg(ReadOnlySpan<Value> args, string function) => Args.Dict(args, 1, function);

    /// <summary><c>Result.Ok(value)</c> (with defaults applied when asked) or <c>Result.Err({message, errors, value})</c>.</summary>
    private static Value Check(Value value, HarnDict schema, bool applyDefaults)
    {
        var problems = JsonSchemaValidator.Check(value, schema);
        if (problems.Count == 0)
        {
            return HarnEnumVariant.Ok(applyDefaults ? WithDefaults(value, schema, 0) : value);
        }

        var error = HarnDict.Empty
            .With("message", Value.FromString(problems[0]))
            .With("errors", Value.FromList(HarnList.Create(problems.Select(Value.FromString))))
            .With("value", value);
        return HarnEnumVariant.Err(Value.FromDict(error));
    }

    private static Value Expect(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        var schema = SchemaArg(args, "schema_expect");
        var problem = JsonSchemaValidator.Validate(value, schema);
        if (problem is not null)
        {
            throw RuntimeErrors.Runtime("schema_expect: " + problem);
        }

        return Truthiness.IsTruthy(Args.At(args, 2)) ? WithDefaults(value, schema, 0) : value;
    }

    /// <summary>Fills missing dict properties that declare a <c>default</c>, recursively.</summary>
    private static Value WithDefaults(Value value, HarnDict schema, int depth)
    {
        NestingLimit.Check(depth);
        if (value.Kind is ValueKind.Dict or ValueKind.Struct && schema.Get("properties") is { Kind: ValueKind.Dict } properties)
        {
            var dict = value.Kind == ValueKind.Dict ? value.AsDict : value.As<HarnStruct>().ToDict();
            foreach (var (name, propertySchema) in properties.AsDict)
            {
                if (propertySchema.Kind != ValueKind.Dict)
                {
                    continue;
                }

                if (dict.TryGetValue(name, out var field))
                {
                    dict = dict.With(name, WithDefaults(field, propertySchema.AsDict, depth + 1));
                }
                else if (propertySchema.AsDict.ContainsKey("default"))
                {
                    dict = dict.With(name, propertySchema.AsDict.Get("default"));
                }
            }

            return Value.FromDict(dict);
        }

        if (value.Kind == ValueKind.List && schema.Get("items") is { Kind: ValueKind.Dict } items)
        {
            return Value.FromList(HarnList.Create(value.AsList.Select(item => WithDefaults(item, items.AsDict, depth + 1))));
        }

        return value;
    }

    private static readonly (string Harn, string Json)[] KeyRenames =
    [
        ("min_length", "minLength"), ("max_length", "maxLength"), ("min_items", "minItems"), ("max_items", "maxItems"),
        ("min", "minimum"), ("max", "maximum"), ("additional_properties", "additionalProperties"), ("union", "anyOf"), ("all_of", "allOf"),
    ];

    private static readonly (string Harn, string Json)[] TypeRenames =
    [
        ("dict", "object"), ("list", "array"), ("int", "integer"), ("float", "number"), ("bool", "boolean"), ("nil", "null"),
    ];

    private static Value ToJsonSchema(Value schema, int depth) => Convert(schema, depth, toJson: true);

    private static Value FromJsonSchema(Value schema, int depth) => Convert(schema, depth, toJson: false);

    /// <summary>Renames keys and type names between Harn's schema spelling and JSON Schema's, recursively.</summary>
    private static Value Convert(Value schema, int depth, bool toJson)
    {
        NestingLimit.Check(depth);
        if (schema.Kind == ValueKind.List)
        {
            return Value.FromList(HarnList.Create(schema.AsList.Select(s => Convert(s, depth + 1, toJson))));
        }

        if (schema.Kind != ValueKind.Dict)
        {
            return schema;
        }

        var entries = new List<KeyValuePair<string, Value>>();
        foreach (var (key, value) in schema.AsDict)
        {
            var name = Rename(key, KeyRenames, toJson);
            var converted = key switch
            {
                "type" when value.Kind == ValueKind.String => Value.FromString(Rename(value.AsString, TypeRenames, toJson)),
                "properties" when value.Kind == ValueKind.Dict => Value.FromDict(HarnDict.FromEntries(value.AsDict.Select(p => new KeyValuePair<string, Value>(p.Key, Convert(p.Value, depth + 1, toJson))))),
                "items" or "union" or "anyOf" or "oneOf" or "all_of" or "allOf" or "additional_properties" or "additionalProperties" => Convert(value, depth + 1, toJson),
                _ => value,
            };
            entries.Add(new(toJson || key != "oneOf" ? name : "union", converted));
        }

        return Value.FromDict(HarnDict.FromEntries(entries));
    }

    private static string Rename(string name, (string Harn, string Json)[] table, bool toJson)
    {
        foreach (var (harn, json) in table)
        {
            if (toJson ? name == harn : name == json)
            {
                return toJson ? json : harn;
            }
        }

        return name;
    }

    /// <summary>Drops <c>required</c> everywhere so every property becomes optional.</summary>
    private static Value Partial(Value schema, int depth)
    {
        NestingLimit.Check(depth);
        if (schema.Kind != ValueKind.Dict)
        {
            return schema;
        }

        var dict = schema.AsDict.Without("required");
        if (dict.Get("properties") is { Kind: ValueKind.Dict } properties)
        {
            dict = dict.With("properties", Value.FromDict(HarnDict.FromEntries(properties.AsDict.Select(p => new KeyValuePair<string, Value>(p.Key, Partial(p.Value, depth + 1))))));
        }

        if (dict.Get("items") is { Kind: ValueKind.Dict } items)
        {
            dict = dict.With("items", Partial(items, depth + 1));
        }

        return Value.FromDict(dict);
    }

    /// <summary>Keeps (or drops) the named top-level properties and their <c>required</c> entries.</summary>
    private static HarnDict Select(HarnDict schema, HarnList keys, bool keep)
    {
        var names = keys.Select(ValueAccess.DictKey).ToHashSet(StringComparer.Ordinal);
        if (schema.Get("properties") is { Kind: ValueKind.Dict } properties)
        {
            schema = schema.With("properties", Value.FromDict(HarnDict.FromEntries(properties.AsDict.Where(p => names.Contains(p.Key) == keep).ToList())));
        }

        if (schema.Get("required") is { Kind: ValueKind.List } required)
        {
            schema = schema.With("required", Value.FromList(HarnList.Create(required.AsList.Where(r => names.Contains(ValueAccess.DictKey(r)) == keep))));
        }

        return schema;
    }

    /// <summary>
    /// <c>__assert_schema(value, param, schema)</c>: checks a typed parameter. Shape mismatches are type
    /// errors naming the field; other mismatches are <c>Runtime error: TypeError: …</c>.
    /// </summary>
    private static Value AssertSchema(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var value = Args.At(args, 0);
        var param = ValueFormatter.Display(Args.At(args, 1));
        var schema = Args.At(args, 2);
        if (schema.Kind != ValueKind.Dict)
        {
            return Value.Nil;
        }

        if (IsShape(schema.AsDict) && value.Kind is ValueKind.Dict or ValueKind.Struct)
        {
            CheckShape(value, schema.AsDict, param, 0);
            return Value.Nil;
        }

        var problem = JsonSchemaValidator.Validate(value, schema.AsDict);
        if (problem is null)
        {
            return Value.Nil;
        }

        if (schema.AsDict.Get("union") is { Kind: ValueKind.List } union)
        {
            var names = string.Join("|", union.AsList.Select(o => o.Kind == ValueKind.Dict ? ValueFormatter.Display(o.AsDict.Get("type")) : "?"));
            throw RuntimeErrors.Runtime($"TypeError: parameter '{param}': expected {names}, got {TypeNames.Of(value)}");
        }

        throw RuntimeErrors.Runtime($"TypeError: parameter '{param}': {problem}");
    }

    private static bool IsShape(HarnDict schema) =>
        schema.Get("type") is { Kind: ValueKind.String } type && type.AsString == "dict" && schema.ContainsKey("properties");

    private static void CheckShape(Value value, HarnDict schema, string path, int depth)
    {
        NestingLimit.Check(depth);
        var dict = value.Kind == ValueKind.Dict ? value.AsDict : value.As<HarnStruct>().ToDict();
        var required = schema.Get("required") is { Kind: ValueKind.List } list ? list.AsList.Select(ValueAccess.DictKey).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var (name, fieldSchema) in schema.Get("properties").AsDict)
        {
            if (fieldSchema.Kind != ValueKind.Dict)
            {
                continue;
            }

            if (!dict.TryGetValue(name, out var field) || field.IsNil)
            {
                if (required.Contains(name))
                {
                    throw RuntimeErrors.Type($"parameter '{path}': missing field '{name}' ({Describe(fieldSchema.AsDict)})");
                }

                continue;
            }

            if (IsShape(fieldSchema.AsDict))
            {
                if (field.Kind is not (ValueKind.Dict or ValueKind.Struct))
                {
                    throw RuntimeErrors.Type($"parameter '{path}': field '{name}' expected dict or struct, got {TypeNames.Of(field)}");
                }

                CheckShape(field, fieldSchema.AsDict, path + "." + name, depth + 1);
            }
            else if (JsonSchemaValidator.Validate(field, fieldSchema.AsDict) is not null)
            {
                throw RuntimeErrors.Type($"parameter '{path}': field '{name}' expected {Describe(fieldSchema.AsDict)}, got {TypeNames.Of(field)}");
            }
        }
    }

    private static string Describe(HarnDict schema) =>
        schema.Get("type") is { Kind: ValueKind.String } type ? type.AsString
        : schema.Get("union") is { Kind: ValueKind.List } union ? string.Join("|", union.AsList.Select(o => o.Kind == ValueKind.Dict ? Describe(o.AsDict) : "?"))
        : "any";
}
