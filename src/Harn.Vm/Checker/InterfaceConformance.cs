using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Checks that a struct passed where an interface is required implements it: every method present
/// with the same parameter count and compatible parameter and return types, and associated types
/// consistent with their declared defaults.
/// </summary>
internal sealed class InterfaceConformance(TypeResolver types)
{
    public void Check(NominalType required, CheckerType actual, Node at, CheckerDiagnostics diagnostics)
    {
        if (actual is not NominalType { Kind: NominalKind.Struct, Args.Count: 0 } structType
            || types.Declarations.FindStruct(structType.Name) is not { GenericParams.Count: 0 }
            || types.Declarations.FindInterface(required.Name) is not { GenericParams.Count: 0 } contract
            || types.Declarations.ImplMethods(structType.Name) is not { } methods)
        {
            return;
        }

        string? problem = FindProblem(contract, methods);
        if (problem is not null)
        {
            diagnostics.Report(at, $"Type '{structType.Name}' does not satisfy interface '{contract.Name}': {problem}");
        }
    }

    private string? FindProblem(InterfaceDecl contract, IReadOnlyDictionary<string, FnDecl> methods)
    {
        var noGenerics = new HashSet<string>(StringComparer.Ordinal);

        // Inside the interface, associated type names stand for whatever the implementation picks.
        var associated = new HashSet<string>(contract.AssociatedTypes.Select(a => a.Name), StringComparer.Ordinal);
        foreach (var wanted in contract.Methods)
        {
            if (wanted.GenericParams.Count > 0)
            {
                continue;
            }

            if (!methods.TryGetValue(wanted.Name, out var method))
            {
                return $"missing method '{wanted.Name}'";
            }

            if (method.GenericParams.Count > 0)
            {
                continue;
            }

            var wantedParams = wanted.Parameters.Where(p => p.Name != "self").ToList();
            var actualParams = method.Parameters.Where(p => p.Name != "self").ToList();
            if (wantedParams.Count != actualParams.Count)
            {
                return $"method '{wanted.Name}' takes {actualParams.Count} parameter(s), expected {wantedParams.Count}";
            }

            for (int i = 0; i < wantedParams.Count; i++)
            {
                var expected = types.Resolve(wantedParams[i].Type, associated);
                var actual = types.Resolve(actualParams[i].Type, noGenerics);
                if (expected is not null && actual is not null && !TypeRelation.IsSubtype(expected, actual, widen: true))
                {
                    return $"method '{wanted.Name}' parameter '{actualParams[i].Name}' has type {actual.Display}, expected {expected.Display}";
                }
            }

            var actualReturn = types.Resolve(method.ReturnType, noGenerics);
            if (wanted.ReturnType is NamedType { TypeArgs.Count: 0 } named && associated.Contains(named.Name))
            {
                var declaredDefault = types.Resolve(contract.AssociatedTypes.First(a => a.Name == named.Name).Default, noGenerics);
                if (declaredDefault is not null && actualReturn is not null && declaredDefault != actualReturn)
                {
                    return $"associated type '{named.Name}' resolves to '{actualReturn.Display}', expected '{declaredDefault.Display}'";
                }

                continue;
            }

            var expectedReturn = types.Resolve(wanted.ReturnType, associated);
            if (expectedReturn is not null && actualReturn is not null && !TypeRelation.IsSubtype(actualReturn, expectedReturn, widen: true))
            {
                return $"method '{wanted.Name}' returns {actualReturn.Display}, expected {expectedReturn.Display}";
            }
        }

        return null;
    }
}
