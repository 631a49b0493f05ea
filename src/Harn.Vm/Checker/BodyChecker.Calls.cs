using Harn.Syntax;

namespace Harn.Checker;

internal sealed partial class BodyChecker
{
    /// <summary>Iterator combinators that return another lazy iterator.</summary>
    private static readonly HashSet<string> IterAdapters = new(StringComparer.Ordinal)
    {
        "map", "filter", "take", "skip", "take_while", "skip_while", "flat_map", "enumerate", "zip", "chain",
    };

    private CheckerType? InferCall(CallExpr call)
    {
        var argTypes = call.Args.Select(Infer).ToList();
        if (call.Callee is not Identifier callee)
        {
            Infer(call.Callee);
            return null;
        }

        var binding = _scope.Find(callee.Name);
        if (binding is null)
        {
            _unresolvedCalls.Add((call, callee.Name));
            if (_types.Declarations.Find(callee.Name) is StructDecl { GenericParams.Count: 0 } s)
            {
                return new NominalType(s.Name, NominalKind.Struct, []);
            }

            return BuiltinCallType(callee.Name, argTypes);
        }

        if (binding.Function is { } fn && call.TypeArgs.Count == 0)
        {
            CheckArguments(fn, call.Args, argTypes);
            return CallResultType(fn);
        }

        return null;
    }

    private static CheckerType? BuiltinCallType(string name, List<CheckerType?> argTypes) => name switch
    {
        "to_string" or "type_of" or "json_stringify" => PrimitiveType.String,
        "iter" => AppliedType.Of("iter", argTypes.Count > 0 && argTypes[0] is AppliedType { Constructor: "list" or "iter" } source ? source.Arg(0) : null),
        _ => null,
    };

    private CheckerType? CallResultType(FnDecl fn)
    {
        var typeParameters = _function.WithTypeParameters(fn.GenericParams.Select(g => g.Name));
        var declared = _types.Resolve(fn.ReturnType, typeParameters);
        if (declared is null || ContainsTypeParameter(declared))
        {
            return null;
        }

        if (fn.IsStream)
        {
            return declared is AppliedType { Constructor: "Stream" } ? declared : null;
        }

        if (GeneratorBodies.UsesYield(fn.Body))
        {
            return declared is AppliedType { Constructor: "Generator" } ? declared : null;
        }

        return ReadableType(declared);
    }

    private void CheckArguments(FnDecl fn, IReadOnlyList<Expr> args, List<CheckerType?> argTypes)
    {
        var typeParameters = _function.WithTypeParameters(fn.GenericParams.Select(g => g.Name));
        int count = Math.Min(args.Count, fn.Parameters.Count);
        for (int i = 0; i < count; i++)
        {
            var parameter = fn.Parameters[i];
            if (args[i] is SpreadExpr || parameter.IsRest)
            {
                return;
            }

            var expected = _types.Resolve(parameter.Type, typeParameters);
            var actual = argTypes[i];
            if (expected is null || actual is null)
            {
                continue;
            }

            if (expected is TypeParameterType typeParameter)
            {
                foreach (var bound in fn.Where.Where(w => w.TypeParam == typeParameter.Name))
                {
                    if (_types.Resolve(bound.Bound, typeParameters) is NominalType { Kind: NominalKind.Interface } constraint)
                    {
                        _conformance.Check(constraint, actual, args[i], _diagnostics);
                    }
                }

                continue;
            }

            if (ContainsTypeParameter(expected))
            {
                continue;
            }

            if (expected is NominalType { Kind: NominalKind.Interface } required)
            {
                _conformance.Check(required, actual, args[i], _diagnostics);
                continue;
            }

            if (!Accepts(expected, args[i], actual))
            {
                _diagnostics.Report(args[i], $"Argument {i + 1} ('{parameter.Name}'): expected {expected.Display}, got {actual.Display}");
            }
        }
    }

    private CheckerType? InferMethodCall(MethodCallExpr call)
    {
        var receiver = Infer(call.Target);
        foreach (var arg in call.Args)
        {
            Infer(arg);
        }

        if (call.IsOptional)
        {
            return null;
        }

        if (receiver is AppliedType { Constructor: "iter" } && IterAdapters.Contains(call.Name))
        {
            return AppliedType.Of("iter", [null]);
        }

        if (receiver is NominalType { Kind: NominalKind.Struct, Args.Count: 0 } nominal
            && _types.Declarations.ImplMethods(nominal.Name) is { } methods
            && methods.TryGetValue(call.Name, out var method)
            && method.GenericParams.Count == 0)
        {
            return CallResultType(method);
        }

        if (call.Target is Identifier enumName && _scope.Find(enumName.Name) is null
            && _types.Declarations.Find(enumName.Name) is EnumDecl { GenericParams.Count: 0 } enumDecl
            && enumDecl.Variants.Any(v => v.Name == call.Name))
        {
            return new NominalType(enumDecl.Name, NominalKind.Enum, []);
        }

        return null;
    }

    /// <summary>
    /// Whether the value of <paramref name="expr"/> (of type <paramref name="actual"/>) fits
    /// <paramref name="expected"/>. Fresh list and dict literals are checked element by element,
    /// so their elements may widen even where a stored list could not.
    /// </summary>
    private bool Accepts(CheckerType expected, Expr expr, CheckerType? actual)
    {
        if (expected is UnionType union && expr is ListLiteral or DictLiteral)
        {
            return union.Members.Any(m => Accepts(m, expr, actual));
        }

        switch (expr)
        {
            case ListLiteral list when expected is AppliedType { Constructor: "list" } listType:
                return list.Elements.All(e => e is SpreadExpr || AcceptsFresh(listType.Arg(0), e));
            case DictLiteral dict when expected is ShapeType shape:
                return AcceptsDictLiteral(shape, dict);
            case DictLiteral dict when expected is AppliedType { Constructor: "dict" } dictType:
                return dict.Entries.All(e => e is not DictPair pair || AcceptsFresh(dictType.Arg(1), pair.Value));
            default:
                return TypeRelation.IsAssignable(expected, actual);
        }
    }

    private bool AcceptsFresh(CheckerType? expected, Expr expr) =>
        expected is null || Accepts(expected, expr, _inferred.GetValueOrDefault(expr));

    private bool AcceptsDictLiteral(ShapeType expected, DictLiteral dict)
    {
        if (dict.Entries.Any(e => e is DictSpread or DictPair { IsComputed: true } or DictPair { Key: not StringLiteral }))
        {
            return true;
        }

        var values = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var pair in dict.Entries.OfType<DictPair>())
        {
            values[((StringLiteral)pair.Key).Value] = pair.Value;
        }

        foreach (var field in expected.Fields)
        {
            if (!values.TryGetValue(field.Name, out var value))
            {
                if (!field.IsOptional)
                {
                    return false;
                }

                continue;
            }

            if (!AcceptsFresh(field.Type, value))
            {
                return false;
            }
        }

        return true;
    }
}
