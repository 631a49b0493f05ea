using Harn.Syntax;

namespace Harn.Checker;

internal sealed partial class BodyChecker
{
    private void InferOptional(Node? node)
    {
        if (node is Expr expr)
        {
            Infer(expr);
        }
    }

    /// <summary>Checks an expression and returns its type when it is known for certain (else null).</summary>
    private CheckerType? Infer(Expr expr)
    {
        if (!Enter())
        {
            return null;
        }

        try
        {
            var type = InferCore(expr);
            _inferred[expr] = type;
            return type;
        }
        finally
        {
            Leave();
        }
    }

    private CheckerType? InferCore(Expr expr)
    {
        switch (expr)
        {
            case IntLiteral:
                return PrimitiveType.Int;
            case FloatLiteral:
                return PrimitiveType.Float;
            case StringLiteral:
                return PrimitiveType.String;
            case BoolLiteral:
                return PrimitiveType.Bool;
            case NilLiteral:
                return PrimitiveType.Nil;
            case InterpolatedString s:
                foreach (var part in s.Parts.OfType<InterpolationPart>())
                {
                    Infer(part.Expression);
                }

                return PrimitiveType.String;
            case Identifier id:
                return _scope.Find(id.Name)?.Type;
            case ListLiteral list:
                return InferList(list);
            case DictLiteral dict:
                return InferDict(dict.Entries);
            case StructLiteral literal:
                return InferStructLiteral(literal);
            case ClosureExpr closure:
                return InferClosure(closure);
            case UnaryExpr unary:
                return InferUnary(unary);
            case BinaryExpr binary:
                return InferBinary(binary);
            case TernaryExpr ternary:
                Infer(ternary.Condition);
                var thenType = Infer(ternary.Then);
                var elseType = Infer(ternary.Else);
                return thenType is not null && thenType == elseType ? thenType : null;
            case MemberExpr member:
                return InferMember(member);
            case MethodCallExpr call:
                return InferMethodCall(call);
            case CallExpr call:
                return InferCall(call);
            case MatchExpr match:
                CheckMatch(match);
                return null;
            case YieldExpr yield:
                if (_function.IsStream)
                {
                    _diagnostics.Report(yield, "`yield` is not allowed in a `gen fn`; use `emit` inside `gen fn`");
                }

                InferOptional(yield.Value);
                return null;
            default:
                WalkChildren(expr);
                return null;
        }
    }

    /// <summary>Checks the parts of an expression whose own type is not inferred, opening scopes where it binds names.</summary>
    private void WalkChildren(Expr expr)
    {
        switch (expr)
        {
            case IfExpr e:
                Infer(e.Condition);
                CheckBlock(e.Then);
                InferOptional(e.ElseIf);
                CheckBlock(e.Else);
                break;
            case TryExpr e:
                CheckBlock(e.Body);
                if (e.Catch is { } clause)
                {
                    InScope(() =>
                    {
                        if (clause.Variable is not null)
                        {
                            DefineName(clause.Variable);
                        }

                        CheckStatements(clause.Body.Statements);
                    });
                }

                CheckBlock(e.Finally);
                break;
            case ParallelExpr e:
                Infer(e.Operand);
                InferOptional(e.Options);
                InFunction(new FunctionContext(_function.TypeParameters, null, isStream: false, isGenerator: false), () =>
                {
                    if (e.Variable is not null)
                    {
                        DefineName(e.Variable);
                    }

                    CheckStatements(e.Body.Statements);
                });
                break;
            case SelectExpr e:
                foreach (var selectCase in e.Cases)
                {
                    Infer(selectCase.Channel);
                    InScope(() =>
                    {
                        DefineName(selectCase.Variable);
                        CheckStatements(selectCase.Body.Statements);
                    });
                }

                if (e.Timeout is { } timeout)
                {
                    Infer(timeout.Duration);
                    CheckBlock(timeout.Body);
                }

                CheckBlock(e.Default);
                break;
            case SpawnExpr e:
                InFunction(new FunctionContext(_function.TypeParameters, null, isStream: false, isGenerator: false), () => CheckStatements(e.Body.Statements));
                break;
            default:
                foreach (var child in SyntaxChildren.Of(expr))
                {
                    switch (child)
                    {
                        case Expr e:
                            Infer(e);
                            break;
                        case Block b:
                            CheckBlock(b);
                            break;
                    }
                }

                break;
        }
    }

    private AppliedType InferList(ListLiteral list)
    {
        var elementTypes = list.Elements.Select(Infer).ToList();
        if (list.Elements.Any(e => e is SpreadExpr) || elementTypes.Count == 0)
        {
            return AppliedType.Of("list", [null]);
        }

        return AppliedType.Of("list", TypeUnion.Of(elementTypes));
    }

    /// <summary>A dict literal with only plain keys is a shape; with computed keys or spreads, a plain dict.</summary>
    private CheckerType InferDict(IReadOnlyList<DictEntry> entries)
    {
        var fields = new List<ShapeMember>();
        bool isShape = true;
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case DictPair { IsComputed: false, Key: StringLiteral key } pair:
                    var valueType = Infer(pair.Value);
                    fields.RemoveAll(f => f.Name == key.Value);
                    fields.Add(new ShapeMember(key.Value, valueType, IsOptional: false));
                    break;
                case DictPair pair:
                    isShape = false;
                    Infer(pair.Key);
                    Infer(pair.Value);
                    break;
                case DictSpread spread:
                    isShape = false;
                    Infer(spread.Value);
                    break;
            }
        }

        return isShape ? new ShapeType(fields) : AppliedType.Of("dict");
    }

    private NominalType? InferStructLiteral(StructLiteral literal)
    {
        InferDict(literal.Fields);
        return _types.Declarations.Find(literal.Name) is StructDecl { GenericParams.Count: 0 } s
            ? new NominalType(s.Name, NominalKind.Struct, [])
            : null;
    }

    private FunctionType InferClosure(ClosureExpr closure)
    {
        var returnType = closure.IsFnSyntax ? Resolve(closure.ReturnType) : null;
        var context = new FunctionContext(_function.TypeParameters, returnType, isStream: false, GeneratorBodies.UsesYield(closure.Body));
        var parameterTypes = closure.Parameters.Select(p => p.IsRest ? null : Resolve(p.Type)).ToList();
        InFunction(context, () =>
        {
            DefineParameters(closure.Parameters, selfType: null);
            CheckStatements(closure.Body.Statements);
        });
        return new FunctionType(parameterTypes, returnType);
    }

    private CheckerType? InferUnary(UnaryExpr unary)
    {
        var operand = Infer(unary.Operand);
        return unary.Op switch
        {
            UnaryOp.Not => PrimitiveType.Bool,
            _ => operand is PrimitiveType { IsNumeric: true } ? operand : null,
        };
    }

    /// <summary>
    /// A field read on a shape-typed value. Struct fields are not inferred: construction does not
    /// enforce their annotations, so the stored value may differ.
    /// </summary>
    private CheckerType? InferMember(MemberExpr member)
    {
        var target = Infer(member.Target);
        return !member.IsOptional && target is ShapeType shape && shape.Field(member.Name) is { IsOptional: false } field
            ? field.Type
            : null;
    }
}
