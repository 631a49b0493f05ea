namespace Harn.Checker;

/// <summary>
/// The subtype relation. It answers "definitely not assignable" only when both sides are fully
/// understood; anything unknown, generic or dynamic is accepted.
/// </summary>
internal static class TypeRelation
{
    /// <summary>Constructors whose type arguments are read-only (covariant); the others are invariant.</summary>
    private static readonly HashSet<string> CovariantConstructors = new(StringComparer.Ordinal) { "iter", "Generator", "Stream", "Result" };

    /// <summary>True unless <paramref name="actual"/> is known not to fit where <paramref name="expected"/> is required.</summary>
    public static bool IsAssignable(CheckerType? expected, CheckerType? actual) => IsSubtype(actual, expected, widen: true);

    /// <param name="widen">Whether `int` may stand in for `float` (only in covariant positions).</param>
    public static bool IsSubtype(CheckerType? actual, CheckerType? expected, bool widen)
    {
        if (actual is null || expected is null || actual == expected)
        {
            return true;
        }

        if (actual is SpecialType || expected is SpecialType || actual is TypeParameterType || expected is TypeParameterType)
        {
            return true;
        }

        if (actual is UnionType actualUnion)
        {
            return actualUnion.Members.All(m => IsSubtype(m, expected, widen));
        }

        if (expected is UnionType expectedUnion)
        {
            return expectedUnion.Members.Any(m => IsSubtype(actual, m, widen));
        }

        return expected switch
        {
            LiteralType literal => IntoLiteral(actual, literal),
            PrimitiveType primitive => IntoPrimitive(actual, primitive, widen),
            AppliedType applied => IntoApplied(actual, applied),
            ShapeType shape => IntoShape(actual, shape, widen),
            NominalType nominal => IntoNominal(actual, nominal),
            FunctionType function => IntoFunction(actual, function, widen),
            _ => true,
        };
    }

    private static bool IsInvariantMatch(CheckerType? actual, CheckerType? expected) =>
        IsSubtype(actual, expected, widen: false) && IsSubtype(expected, actual, widen: false);

    private static bool IntoLiteral(CheckerType actual, LiteralType expected) => actual switch
    {
        LiteralType literal => Equals(literal.Value, expected.Value),

        // A base-typed value flows into a literal type (checked at run time).
        PrimitiveType primitive => primitive == expected.BaseType,
        _ => actual is not (AppliedType or ShapeType or FunctionType),
    };

    private static bool IntoPrimitive(CheckerType actual, PrimitiveType expected, bool widen) => actual switch
    {
        LiteralType literal => IntoPrimitive(literal.BaseType, expected, widen),
        PrimitiveType primitive => primitive == expected || (widen && primitive == PrimitiveType.Int && expected == PrimitiveType.Float),
        NominalType nominal => nominal.Kind == NominalKind.Interface,
        _ => false,
    };

    private static bool IntoApplied(CheckerType actual, AppliedType expected)
    {
        switch (actual)
        {
            case AppliedType applied when applied.Constructor == expected.Constructor:
                if (applied.Args.Count != expected.Args.Count)
                {
                    return true;
                }

                bool covariant = CovariantConstructors.Contains(expected.Constructor);
                for (int i = 0; i < expected.Args.Count; i++)
                {
                    bool fits = covariant
                        ? IsSubtype(applied.Args[i], expected.Args[i], widen: true)
                        : IsInvariantMatch(applied.Args[i], expected.Args[i]);
                    if (!fits)
                    {
                        return false;
                    }
                }

                return true;
            case AppliedType:
                return false;
            case ShapeType shape when expected.Constructor == "dict":
                var valueType = expected.Arg(1);
                return shape.Fields.All(f => IsSubtype(f.Type, valueType, widen: true));
            case NominalType:
                return true;
            default:
                return false;
        }
    }

    private static bool IntoShape(CheckerType actual, ShapeType expected, bool widen)
    {
        switch (actual)
        {
            case ShapeType shape:
                foreach (var field in expected.Fields)
                {
                    var present = shape.Field(field.Name);
                    if (present is null)
                    {
                        if (!field.IsOptional)
                        {
                            return false;
                        }

                        continue;
                    }

                    if (!IsSubtype(present.Type, field.Type, widen))
                    {
                        return false;
                    }
                }

                return true;
            case AppliedType applied:
                return applied.Constructor == "dict";
            case NominalType:
                return true;
            default:
                return false;
        }
    }

    private static bool IntoNominal(CheckerType actual, NominalType expected)
    {
        if (expected.Kind == NominalKind.Interface)
        {
            return true;
        }

        return actual switch
        {
            NominalType nominal when nominal.Name == expected.Name =>
                nominal.Args.Count != expected.Args.Count
                || nominal.Args.Zip(expected.Args).All(p => IsInvariantMatch(p.First, p.Second)),
            NominalType nominal => nominal.Kind == NominalKind.Interface,
            PrimitiveType or LiteralType or FunctionType => false,
            AppliedType applied => applied.Constructor is "dict" or "Result",
            _ => true,
        };
    }

    private static bool IntoFunction(CheckerType actual, FunctionType expected, bool widen) => actual switch
    {
        // Parameters are contravariant, the return type covariant.
        FunctionType function => function.Params.Count != expected.Params.Count
            || (function.Params.Zip(expected.Params).All(p => IsSubtype(p.Second, p.First, widen))
                && IsSubtype(function.Return, expected.Return, widen)),
        NominalType => true,
        _ => false,
    };
}
