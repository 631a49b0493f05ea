using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Walks statements and expressions with lexical scopes, inferring what types it safely can and
/// reporting the errors that depend on them.
/// </summary>
internal sealed partial class BodyChecker
{
    /// <summary>
    /// Deeper syntax is skipped (left unchecked) rather than risking the C# stack; the parser already
    /// bounds nesting, but left-leaning chains can still be long.
    /// </summary>
    private const int MaxDepth = 200;

    private readonly TypeResolver _types;
    private readonly CheckerDiagnostics _diagnostics;
    private readonly InterfaceConformance _conformance;
    private readonly HashSet<string> _conditionNames;
    private readonly List<(CallExpr Call, string Name)> _unresolvedCalls = [];

    /// <summary>The inferred type of every expression checked so far, by node identity.</summary>
    private readonly Dictionary<Expr, CheckerType?> _inferred = new(ReferenceEqualityComparer.Instance);
    private Scope _scope = new(null);
    private FunctionContext _function = FunctionContext.TopLevel();
    private int _depth;

    public BodyChecker(TypeResolver types, CheckerDiagnostics diagnostics, HashSet<string> conditionNames)
    {
        _types = types;
        _diagnostics = diagnostics;
        _conformance = new InterfaceConformance(types);
        _conditionNames = conditionNames;
    }

    /// <summary>Calls whose callee is a bare name with no binding in scope at the call.</summary>
    public IReadOnlyList<(CallExpr Call, string Name)> UnresolvedCalls => _unresolvedCalls;

    public void CheckProgram(ProgramNode program) => CheckStatements(program.Statements);

    private bool Enter()
    {
        if (_depth >= MaxDepth)
        {
            return false;
        }

        _depth++;
        return true;
    }

    private void Leave() => _depth--;

    private void Define(Binding binding)
    {
        if (binding.Name != "_")
        {
            _scope.Define(binding);
        }
    }

    private void DefineName(string name) => Define(new Binding(name, null));

    private void InScope(Action action)
    {
        var saved = _scope;
        _scope = new Scope(saved);
        try
        {
            action();
        }
        finally
        {
            _scope = saved;
        }
    }

    private void InFunction(FunctionContext function, Action action)
    {
        var saved = _function;
        _function = function;
        try
        {
            InScope(action);
        }
        finally
        {
            _function = saved;
        }
    }

    /// <summary>The type a read of a variable should produce: unions (which narrowing refines) and tops stay unknown.</summary>
    private static CheckerType? ReadableType(CheckerType? declared) =>
        declared is UnionType or SpecialType ? null : declared;

    private CheckerType? Resolve(TypeExpr? type) => _types.Resolve(type, _function.TypeParameters);

    private static bool ContainsTypeParameter(CheckerType? type) => type switch
    {
        TypeParameterType => true,
        AppliedType a => a.Args.Any(ContainsTypeParameter),
        NominalType n => n.Args.Any(ContainsTypeParameter),
        ShapeType s => s.Fields.Any(f => ContainsTypeParameter(f.Type)),
        UnionType u => u.Members.Any(ContainsTypeParameter),
        FunctionType f => f.Params.Any(ContainsTypeParameter) || ContainsTypeParameter(f.Return),
        _ => false,
    };
}
