using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// <c>value.name</c>: dict entries, struct fields, and the fixed properties of lists
/// (<c>count empty first last</c>), strings (<c>count empty</c>), ranges, sets, enums
/// (<c>variant fields</c>) and pairs (<c>first second</c>).
/// </summary>
public static class PropertyAccess
{
    /// <summary>The property value; <paramref name="optional"/> (<c>?.</c>) turns errors into nil.</summary>
    public static Value Get(Value target, string name, bool optional = false)
    {
        switch (target.Kind)
        {
            case ValueKind.Dict:
                return target.AsDict.Get(name);
            case ValueKind.Struct:
                return target.As<HarnStruct>().Get(name);
            case ValueKind.List:
                {
                    var list = target.AsList;
                    return name switch
                    {
                        "count" => Value.FromInt(list.Count),
                        "empty" => Value.FromBool(list.Count == 0),
                        "first" => list.Count > 0 ? list[0] : Value.Nil,
                        "last" => list.Count > 0 ? list[^1] : Value.Nil,
                        _ => Value.Nil,
                    };
                }

            case ValueKind.String:
                return name switch
                {
                    "count" => Value.FromInt(RuneText.Length(target.AsString)),
                    "empty" => Value.FromBool(target.AsString.Length == 0),
                    _ => Value.Nil,
                };
            case ValueKind.Set:
                return name switch
                {
                    "count" => Value.FromInt(target.As<HarnSet>().Count),
                    "empty" => Value.FromBool(target.As<HarnSet>().Count == 0),
                    _ => Value.Nil,
                };
            case ValueKind.Range:
                {
                    var range = target.As<HarnRange>();
                    return name switch
                    {
                        "count" or "len" => Value.FromInt(range.Length),
                        "empty" => Value.FromBool(range.IsEmpty),
                        "first" => range.IsEmpty ? Value.Nil : Value.FromInt(range.Start),
                        "last" => range.IsEmpty ? Value.Nil : Value.FromInt(range.ElementAt(range.Length - 1)),
                        "start" => Value.FromInt(range.Start),
                        "end" => Value.FromInt(range.End),
                        "inclusive" => Value.FromBool(range.Inclusive),
                        _ => Value.Nil,
                    };
                }

            case ValueKind.EnumVariant:
                {
                    var variant = target.As<HarnEnumVariant>();
                    return name switch
                    {
                        "variant" => Value.FromString(variant.Variant),
                        "fields" => Value.FromList(variant.Fields),
                        _ => Value.Nil,
                    };
                }

            case ValueKind.Pair:
                {
                    var pair = target.As<HarnPair>();
                    return name switch
                    {
                        "first" => pair.First,
                        "second" => pair.Second,
                        _ when optional => Value.Nil,
                        _ => throw RuntimeErrors.Type($"cannot access property `{name}` on pair (expected `first` or `second`)"),
                    };
                }

            default:
                return optional ? Value.Nil : throw RuntimeErrors.Type($"cannot access property `{name}` on {TypeNames.Of(target)}");
        }
    }
}
