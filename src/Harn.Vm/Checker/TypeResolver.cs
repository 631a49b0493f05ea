using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Turns type annotations into <see cref="CheckerType"/>s. Names it cannot pin down (imported types,
/// runtime-only names like `closure`, ambiguous declarations) resolve to null, i.e. unknown.
/// </summary>
internal sealed class TypeResolver(TypeDeclarations declarations)
{
    /// <summary>Alias expansions nest at most this deep; deeper (or cyclic) aliases are unknown.</summary>
    private const int MaxExpansionDepth = 64;

    private static readonly Dictionary<string, string> Constructors = new(StringComparer.Ordinal)
    {
        ["list"] = "list",
        ["dict"] = "dict",
        ["set"] = "set",
        ["iter"] = "iter",
        ["Iter"] = "iter",
        ["Generator"] = "Generator",
        ["Stream"] = "Stream",
        ["Result"] = "Result",
    };

    public TypeDeclarations Declarations => declarations;

    /// <summary>Resolves an annotation; <paramref name="typeParameters"/> are the generic names in scope.</summary>
    public CheckerType? Resolve(TypeExpr? type, IReadOnlySet<string> typeParameters) =>
        type is null ? null : Resolve(type, typeParameters, null, 0);

    private CheckerType? Resolve(TypeExpr type, IReadOnlySet<string> typeParameters, IReadOnlyDictionary<string, CheckerType?>? substitution, int depth)
    {
        if (depth > MaxExpansionDepth)
        {
            return null;
        }

        switch (type)
        {
            case NamedType named:
                return ResolveNamed(named, typeParameters, substitution, depth);
            case Syntax.ListType list:
                return AppliedType.Of("list", Resolve(list.Element, typeParameters, substitution, depth + 1));
            case FnType fn:
                return new FunctionType(
                    fn.Params.Select(p => Resolve(p, typeParameters, substitution, depth + 1)).ToList(),
                    fn.Return is null ? null : Resolve(fn.Return, typeParameters, substitution, depth + 1));
            case Syntax.ShapeType shape:
                return new ShapeType(shape.Fields
                    .Select(f => new ShapeMember(f.Name, Resolve(f.Type, typeParameters, substitution, depth + 1), f.IsOptional))
                    .ToList());
            case Syntax.UnionType union:
                return TypeUnion.Of(union.Members.Select(m => Resolve(m, typeParameters, substitution, depth + 1)));
            case Syntax.LiteralType literal:
                return literal.Value switch
                {
                    StringLiteral s => new LiteralType(s.Value),
                    IntLiteral i => new LiteralType(i.Value),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private CheckerType? ResolveNamed(NamedType named, IReadOnlySet<string> typeParameters, IReadOnlyDictionary<string, CheckerType?>? substitution, int depth)
    {
        string name = named.Name;
        if (substitution is not null && substitution.TryGetValue(name, out var substituted))
        {
            return substituted;
        }

        if (typeParameters.Contains(name))
        {
            return new TypeParameterType(name);
        }

        var args = named.TypeArgs.Select(a => Resolve(a, typeParameters, substitution, depth + 1)).ToList();
        switch (name)
        {
            case "int":
                return PrimitiveType.Int;
            case "float":
                return PrimitiveType.Float;
            case "string":
                return PrimitiveType.String;
            case "bool":
                return PrimitiveType.Bool;
            case "nil":
                return PrimitiveType.Nil;
            case "bytes":
                return PrimitiveType.Bytes;
            case "any":
                return SpecialType.Any;
            case "unknown":
                return SpecialType.Unknown;
            case "never":
                return SpecialType.Never;
        }

        if (declarations.IsDeclared(name))
        {
            return declarations.Find(name) switch
            {
                StructDecl s => Nominal(s.Name, NominalKind.Struct, s.GenericParams.Count, args),
                EnumDecl e => Nominal(e.Name, NominalKind.Enum, e.GenericParams.Count, args),
                InterfaceDecl i => Nominal(i.Name, NominalKind.Interface, i.GenericParams.Count, args),
                TypeAliasDecl alias => ExpandAlias(alias, args, typeParameters, depth),
                _ => null,
            };
        }

        return Constructors.TryGetValue(name, out string? constructor) ? new AppliedType(constructor, args) : null;
    }

    private static NominalType? Nominal(string name, NominalKind kind, int arity, List<CheckerType?> args) =>
        args.Count == arity || args.Count == 0 ? new NominalType(name, kind, args) : null;

    private CheckerType? ExpandAlias(TypeAliasDecl alias, List<CheckerType?> args, IReadOnlySet<string> typeParameters, int depth)
    {
        if (alias.GenericParams.Count == 0)
        {
            return args.Count == 0 ? Resolve(alias.Type, typeParameters, null, depth + 1) : null;
        }

        // Generic aliases distribute over union arguments; rather than model that, such uses stay unknown.
        if (args.Count != alias.GenericParams.Count || args.Any(a => a is null or UnionType))
        {
            return null;
        }

        var substitution = new Dictionary<string, CheckerType?>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            substitution[alias.GenericParams[i].Name] = args[i];
        }

        return Resolve(alias.Type, typeParameters, substitution, depth + 1);
    }
}
