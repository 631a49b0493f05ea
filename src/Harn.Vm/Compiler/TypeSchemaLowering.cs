using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// Turns a type annotation into the schema dict that <c>__assert_schema</c> and the
/// <c>schema_*</c> builtins check against: <c>{type: "int"}</c>, shapes with properties and
/// required keys, list items, literal unions as enums, other unions as <c>{union: [...]}</c>.
/// Types the runtime cannot check (generics, structs, <c>any</c>) lower to null.
/// </summary>
internal static class TypeSchemaLowering
{
    private const int MaxAliasDepth = 32;

    private static readonly HashSet<string> Primitives = new(StringComparer.Ordinal)
    {
        "int", "float", "string", "bool", "nil", "duration", "bytes", "set", "range", "list", "dict", "closure",
    };

    public static Value? Lower(TypeExpr type, IReadOnlyDictionary<string, TypeExpr> aliases) => Lower(type, aliases, 0);

    private static Value? Lower(TypeExpr type, IReadOnlyDictionary<string, TypeExpr> aliases, int depth)
    {
        if (depth > MaxAliasDepth)
        {
            return null;
        }

        switch (type)
        {
            case NamedType named when aliases.TryGetValue(named.Name, out var aliased):
                return Lower(aliased, aliases, depth + 1);
            case NamedType { Name: "list" } list when list.TypeArgs.Count == 1:
                return TypeWith("list", "items", Lower(list.TypeArgs[0], aliases, depth + 1));
            case NamedType { Name: "dict" } dict when dict.TypeArgs.Count == 2:
                return TypeWith("dict", "additional_properties", Lower(dict.TypeArgs[1], aliases, depth + 1));
            case NamedType named when Primitives.Contains(named.Name):
                return Schema(("type", Value.FromString(named.Name)));
            case NamedType { Name: "fn" }:
            case FnType:
                return Schema(("type", Value.FromString("closure")));
            case ListType list:
                return TypeWith("list", "items", Lower(list.Element, aliases, depth + 1));
            case ShapeType shape:
                {
                    var properties = new List<KeyValuePair<string, Value>>();
                    var required = new List<Value>();
                    foreach (var field in shape.Fields)
                    {
                        properties.Add(new(field.Name, Lower(field.Type, aliases, depth + 1) ?? Value.FromDict(HarnDict.Empty)));
                        if (!field.IsOptional)
                        {
                            required.Add(Value.FromString(field.Name));
                        }
                    }

                    return Schema(
                        ("type", Value.FromString("dict")),
                        ("properties", Value.FromDict(HarnDict.FromEntries(properties))),
                        ("required", Value.FromList(HarnList.Create(required))));
                }

            case LiteralType literal when LiteralValue(literal) is { } constant:
                return Schema(("const", constant));
            case UnionType union:
                return LowerUnion(union, aliases, depth);
            default:
                return null;
        }
    }

    private static Value? LowerUnion(UnionType union, IReadOnlyDictionary<string, TypeExpr> aliases, int depth)
    {
        var literals = union.Members.Select(m => m is LiteralType literal ? LiteralValue(literal) : null).ToList();
        if (literals.All(l => l is { Kind: ValueKind.String }) || literals.All(l => l is { Kind: ValueKind.Int }))
        {
            var kind = literals[0]!.Value.Kind == ValueKind.String ? "string" : "int";
            return Schema(("type", Value.FromString(kind)), ("enum", Value.FromList(HarnList.Create(literals.Select(l => l!.Value)))));
        }

        var members = new List<Value>();
        foreach (var member in union.Members)
        {
            if (Lower(member, aliases, depth + 1) is not { } lowered)
            {
                return null;
            }

            members.Add(lowered);
        }

        return Schema(("union", Value.FromList(HarnList.Create(members))));
    }

    private static Value? LiteralValue(LiteralType literal) => literal.Value switch
    {
        StringLiteral text => Value.FromString(text.Value),
        IntLiteral number => Value.FromInt(number.Value),
        FloatLiteral number => Value.FromFloat(number.Value),
        BoolLiteral flag => Value.FromBool(flag.Value),
        UnaryExpr { Op: UnaryOp.Negate, Operand: IntLiteral number } => Value.FromInt(-number.Value),
        _ => null,
    };

    private static Value TypeWith(string type, string key, Value? inner) => inner is null
        ? Schema(("type", Value.FromString(type)))
        : Schema(("type", Value.FromString(type)), (key, inner.Value));

    private static Value Schema(params (string Key, Value Value)[] entries) =>
        Value.FromDict(HarnDict.FromEntries(entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value))));
}
