using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// Checks a value against a Harn schema dict (<c>type</c>, <c>required</c>, <c>properties</c>,
/// <c>items</c>, <c>additional_properties</c>, <c>enum</c>, <c>const</c>, bounds, <c>nullable</c>,
/// <c>union</c>, <c>all_of</c>, <c>pattern</c>). <see cref="Validate"/> returns the first problem,
/// or null when the value conforms.
/// </summary>
internal static class JsonSchemaValidator
{
    /// <summary>Every problem of <paramref name="value"/>, checking each property and item in turn.</summary>
    public static List<string> Check(Value value, HarnDict schema)
    {
        var problems = new List<string>();
        Collect(value, schema, string.Empty, 0, problems);
        return problems;
    }

    private static void Collect(Value value, HarnDict schema, string path, int depth, List<string> problems)
    {
        NestingLimit.Check(depth);
        var own = ValidateOwn(value, schema, path, depth);
        if (own is not null)
        {
            problems.Add(own);
            return;
        }

        if (value.Kind == ValueKind.Dict || value.Kind == ValueKind.Struct)
        {
            var dict = value.Kind == ValueKind.Dict ? value.AsDict : value.As<HarnStruct>().ToDict();
            if (schema.Get("properties") is { Kind: ValueKind.Dict } properties)
            {
                foreach (var (name, propertySchema) in properties.AsDict)
                {
                    if (propertySchema.Kind == ValueKind.Dict && dict.TryGetValue(name, out var field))
                    {
                        Collect(field, propertySchema.AsDict, Join(path, name), depth + 1, problems);
                    }
                }
            }
        }
        else if (value.Kind == ValueKind.List && schema.Get("items") is { Kind: ValueKind.Dict } items)
        {
            for (var i = 0; i < value.AsList.Count; i++)
            {
                Collect(value.AsList[i], items.AsDict, path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", depth + 1, problems);
            }
        }
    }

    public static string? Validate(Value value, HarnDict schema, string path = "", int depth = 0)
    {
        NestingLimit.Check(depth);
        var own = ValidateOwn(value, schema, path, depth);
        if (own is not null)
        {
            return own;
        }

        return value.Kind switch
        {
            ValueKind.Dict => ValidateDict(value.AsDict, schema, path, depth, nested: true),
            ValueKind.Struct => ValidateDict(value.As<HarnStruct>().ToDict(), schema, path, depth, nested: true),
            ValueKind.List => ValidateItems(value.AsList, schema, path, depth),
            _ => null,
        };
    }

    /// <summary>Checks of the value itself, without descending into properties or items.</summary>
    private static string? ValidateOwn(Value value, HarnDict schema, string path, int depth)
    {
        NestingLimit.Check(depth);
        if (value.IsNil && Truthiness.IsTruthy(schema.Get("nullable")))
        {
            return null;
        }

        var union = schema.Get("union");
        if (union.IsNil)
        {
            union = schema.Get("oneOf");
        }

        if (union.Kind == ValueKind.List)
        {
            foreach (var option in union.AsList)
            {
                if (option.Kind == ValueKind.Dict && Validate(value, option.AsDict, path, depth + 1) is null)
                {
                    return null;
                }
            }

            return $"{Where(path)}value does not match any schema in union";
        }

        var allOf = schema.ContainsKey("all_of") ? schema.Get("all_of") : schema.Get("allOf");
        if (allOf.Kind == ValueKind.List)
        {
            foreach (var part in allOf.AsList)
            {
                if (part.Kind == ValueKind.Dict && Validate(value, part.AsDict, path, depth + 1) is { } problem)
                {
                    return problem;
                }
            }
        }

        var type = schema.Get("type");
        if (type.Kind == ValueKind.String && !Matches(value, Normalize(type.AsString)))
        {
            return $"{Where(path)}expected type '{Normalize(type.AsString)}', got '{TypeNames.Of(value)}'";
        }

        if (schema.Get("const") is var constant && schema.ContainsKey("const") && !ValueEquality.AreEqual(value, constant))
        {
            return $"{Where(path)}expected constant {ValueFormatter.Display(constant)}, got {ValueFormatter.Display(value)}";
        }

        if (schema.Get("enum") is { Kind: ValueKind.List } allowed && !ValueAccess.Contains(allowed, value))
        {
            return $"{Where(path)}value {ValueFormatter.Display(value)} is not one of {ValueFormatter.Display(allowed)}";
        }

        return value.Kind switch
        {
            ValueKind.Dict => ValidateDict(value.AsDict, schema, path, depth, nested: false),
            ValueKind.Struct => ValidateDict(value.As<HarnStruct>().ToDict(), schema, path, depth, nested: false),
            ValueKind.List => ValidateLength(value.AsList.Count, schema, "min_items", "max_items", "minItems", "maxItems", path, "list length"),
            ValueKind.String => ValidateLength(RuneText.Length(value.AsString), schema, "min_length", "max_length", "minLength", "maxLength", path, "string length")
                ?? ValidatePattern(value.AsString, schema, path),
            ValueKind.Int or ValueKind.Float => ValidateBounds(value.AsNumber, schema, path),
            _ => null,
        };
    }

    private static string? ValidatePattern(string text, HarnDict schema, string path)
    {
        if (schema.Get("pattern") is not { Kind: ValueKind.String } pattern)
        {
            return null;
        }

        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(text, pattern.AsString, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5))
                ? null
                : $"{Where(path)}string '{text}' does not match pattern '{pattern.AsString}'";
        }
        catch (ArgumentException)
        {
            return $"{Where(path)}invalid pattern '{pattern.AsString}'";
        }
    }

    private static string Where(string path) => path.Length == 0 ? string.Empty : $"at '{path}': ";

    private static string Normalize(string type) => type switch
    {
        "object" => "dict",
        "array" => "list",
        "integer" => "int",
        "number" => "float",
        "boolean" => "bool",
        "null" => "nil",
        _ => type,
    };

    private static bool Matches(Value value, string type) => type switch
    {
        "any" => true,
        "float" => value.IsNumber,
        "dict" => value.Kind is ValueKind.Dict or ValueKind.Struct,
        "closure" => value.Kind is ValueKind.Closure or ValueKind.Builtin,
        _ => TypeNames.Of(value) == type,
    };

    /// <summary>Required keys and unexpected keys; with <paramref name="nested"/>, also each property's own schema.</summary>
    private static string? ValidateDict(HarnDict dict, HarnDict schema, string path, int depth, bool nested)
    {
        if (schema.Get("required") is { Kind: ValueKind.List } required)
        {
            foreach (var key in required.AsList)
            {
                var name = ValueAccess.DictKey(key);
                if (!dict.ContainsKey(name))
                {
                    return $"{Where(path)}missing required key '{name}'";
                }
            }
        }

        var properties = schema.Get("properties");
        if (nested && properties.Kind == ValueKind.Dict)
        {
            foreach (var (name, propertySchema) in properties.AsDict)
            {
                if (propertySchema.Kind == ValueKind.Dict && dict.TryGetValue(name, out var field))
                {
                    var problem = Validate(field, propertySchema.AsDict, Join(path, name), depth + 1);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }
            }
        }

        var additional = schema.ContainsKey("additional_properties") ? schema.Get("additional_properties") : schema.Get("additionalProperties");
        foreach (var (name, field) in dict)
        {
            if (properties.Kind == ValueKind.Dict && properties.AsDict.ContainsKey(name))
            {
                continue;
            }

            if (additional.Kind == ValueKind.Bool && !additional.AsBool)
            {
                return $"{Where(path)}unexpected key '{name}'";
            }

            if (nested && additional.Kind == ValueKind.Dict)
            {
                var problem = Validate(field, additional.AsDict, Join(path, name), depth + 1);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? ValidateItems(HarnList list, HarnDict schema, string path, int depth)
    {
        if (schema.Get("items") is { Kind: ValueKind.Dict } items)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var problem = Validate(list[i], items.AsDict, path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", depth + 1);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? ValidateLength(long length, HarnDict schema, string minKey, string maxKey, string minAlias, string maxAlias, string path, string what)
    {
        var min = schema.ContainsKey(minKey) ? schema.Get(minKey) : schema.Get(minAlias);
        var max = schema.ContainsKey(maxKey) ? schema.Get(maxKey) : schema.Get(maxAlias);
        if (min.IsNumber && length < min.AsNumber)
        {
            return $"{Where(path)}{what} {length} is less than minimum {ValueFormatter.Display(min)}";
        }

        if (max.IsNumber && length > max.AsNumber)
        {
            return $"{Where(path)}{what} {length} is greater than maximum {ValueFormatter.Display(max)}";
        }

        return null;
    }

    private static string? ValidateBounds(double number, HarnDict schema, string path)
    {
        var min = schema.ContainsKey("min") ? schema.Get("min") : schema.Get("minimum");
        var max = schema.ContainsKey("max") ? schema.Get("max") : schema.Get("maximum");
        if (min.IsNumber && number < min.AsNumber)
        {
            return $"{Where(path)}value {ValueFormatter.FormatFloat(number)} is less than minimum {ValueFormatter.Display(min)}";
        }

        if (max.IsNumber && number > max.AsNumber)
        {
            return $"{Where(path)}value {ValueFormatter.FormatFloat(number)} is greater than maximum {ValueFormatter.Display(max)}";
        }

        return null;
    }

    private static string Join(string path, string segment) => path.Length == 0 ? segment : path + "." + segment;
}
