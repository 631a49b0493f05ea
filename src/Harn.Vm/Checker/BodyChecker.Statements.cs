using Harn.Syntax;

namespace Harn.Checker;

internal sealed partial class BodyChecker
{
    private void CheckBlock(Block? block)
    {
        if (block is not null)
        {
            InScope(() => CheckStatements(block.Statements));
        }
    }

    /// <summary>Checks a statement list in the current scope; named functions are visible to the whole list.</summary>
    private void CheckStatements(IReadOnlyList<Stmt> statements)
    {
        var functionNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            Hoist(statement, functionNames);
        }

        foreach (var statement in statements)
        {
            CheckStatement(statement);
        }
    }

    /// <summary>Binds a declaration's name; a function declared twice in one list keeps no signature.</summary>
    private void Hoist(Stmt statement, HashSet<string> functionNames)
    {
        switch (statement)
        {
            case FnDecl fn:
                var signature = functionNames.Add(fn.Name) ? fn : null;
                Define(new Binding(fn.Name, null) { Function = signature });
                break;
            case ToolDecl tool:
                DefineName(tool.Name);
                break;
            case PipelineDecl pipeline:
                DefineName(pipeline.Name);
                break;
            case SkillDecl skill:
                DefineName(skill.Name);
                break;
            case EvalPackDecl pack when pack.Name is not null:
                DefineName(pack.Name);
                break;
        }
    }

    private void CheckStatement(Stmt statement)
    {
        if (!Enter())
        {
            return;
        }

        try
        {
            CheckStatementCore(statement);
        }
        finally
        {
            Leave();
        }
    }

    private void CheckStatementCore(Stmt statement)
    {
        switch (statement)
        {
            case ExprStmt s:
                Infer(s.Expression);
                break;
            case VariableDecl s:
                CheckVariableDecl(s);
                break;
            case AssignStmt s:
                Infer(s.Target);
                Infer(s.Value);
                break;
            case WhileStmt s:
                Infer(s.Condition);
                CheckBlock(s.Body);
                break;
            case ForStmt s:
                Infer(s.Iterable);
                InScope(() =>
                {
                    DefineTarget(s.Target);
                    CheckStatements(s.Body.Statements);
                });
                break;
            case ReturnStmt s:
                CheckReturn(s);
                break;
            case ThrowStmt s:
                Infer(s.Value);
                break;
            case GuardStmt s:
                Infer(s.Condition);
                CheckBlock(s.Else);
                break;
            case RequireStmt s:
                Infer(s.Condition);
                InferOptional(s.Message);
                break;
            case DeferStmt s:
                CheckBlock(s.Body);
                break;
            case EmitStmt s:
                Infer(s.Value);
                break;
            case FnDecl s:
                CheckFunction(s, selfType: null);
                break;
            case ToolDecl s:
                InferOptional(s.Description);
                CheckFunctionLike(s.Parameters, s.ReturnType, s.Body);
                break;
            case PipelineDecl s:
                CheckFunctionLike(s.Parameters, s.ReturnType, s.Body);
                break;
            case OverrideDecl s:
                CheckFunctionLike(s.Parameters, null, s.Body);
                break;
            case SkillDecl s:
                foreach (var field in s.Fields)
                {
                    Infer(field.Value);
                }

                break;
            case EvalPackDecl s:
                CheckEvalPack(s);
                break;
            case ImplDecl s:
                CheckImpl(s);
                break;
            case StructDecl or EnumDecl or InterfaceDecl or TypeAliasDecl or ImportDecl:
                break;
        }
    }

    private void CheckEvalPack(EvalPackDecl pack)
    {
        InferOptional(pack.Id);
        foreach (var field in pack.Fields)
        {
            Infer(field.Value);
        }

        InScope(() =>
        {
            CheckStatements(pack.Statements);
            CheckBlock(pack.Summarize);
        });
    }

    private void CheckImpl(ImplDecl impl)
    {
        var selfType = _types.Declarations.Find(impl.TypeName) is StructDecl { GenericParams.Count: 0 } s
            ? new NominalType(s.Name, NominalKind.Struct, [])
            : null;
        foreach (var method in impl.Methods)
        {
            CheckFunction(method, selfType);
        }
    }

    private void CheckFunction(FnDecl fn, CheckerType? selfType)
    {
        var typeParameters = _function.WithTypeParameters(fn.GenericParams.Select(g => g.Name));
        var returnType = _types.Resolve(fn.ReturnType, typeParameters);
        var context = new FunctionContext(typeParameters, returnType, fn.IsStream, GeneratorBodies.UsesYield(fn.Body));
        InFunction(context, () =>
        {
            DefineParameters(fn.Parameters, selfType);
            CheckStatements(fn.Body.Statements);
        });
    }

    /// <summary>A tool, pipeline or override body: no generics, never a stream.</summary>
    private void CheckFunctionLike(IReadOnlyList<Parameter> parameters, TypeExpr? returnAnnotation, Block body)
    {
        var returnType = Resolve(returnAnnotation);
        var context = new FunctionContext(_function.TypeParameters, returnType, isStream: false, GeneratorBodies.UsesYield(body));
        InFunction(context, () =>
        {
            DefineParameters(parameters, selfType: null);
            CheckStatements(body.Statements);
        });
    }

    private void DefineParameters(IReadOnlyList<Parameter> parameters, CheckerType? selfType)
    {
        foreach (var parameter in parameters)
        {
            InferOptional(parameter.Default);
            if (parameter.Name == "self")
            {
                Define(new Binding("self", selfType));
                continue;
            }

            var declared = parameter.IsRest ? null : Resolve(parameter.Type);
            Define(new Binding(parameter.Name, ReadableType(declared)) { DeclaredType = declared });
        }
    }

    private void CheckVariableDecl(VariableDecl decl)
    {
        var declared = Resolve(decl.Type);
        var valueType = Infer(decl.Value);
        if (decl.Target is not NameTarget name)
        {
            DefineTarget(decl.Target);
            return;
        }

        if (declared is not null && valueType is not null && !Accepts(declared, decl.Value, valueType))
        {
            _diagnostics.Report(decl, $"Type mismatch: '{name.Name}' declared as {declared.Display}, but assigned {valueType.Display}");
        }

        bool plainLet = !decl.IsMutable;
        if (plainLet && name.Name != "_" && _scope.FindLocal(name.Name) is { IsPlainLet: true })
        {
            _diagnostics.Report(decl, $"Cannot redeclare immutable variable '{name.Name}' in the same scope (use 'var' for mutable bindings)");
        }

        CheckerType? readType = decl.Type is not null ? ReadableType(declared) : decl.IsMutable ? null : ReadableType(valueType);
        Define(new Binding(name.Name, readType) { DeclaredType = declared, IsPlainLet = plainLet });
    }

    /// <summary>Defines the names a destructuring target binds (their types are not tracked).</summary>
    private void DefineTarget(BindingTarget target)
    {
        foreach (var node in SyntaxChildren.Descendants(target, descendInto: n => n is not Expr).Prepend(target))
        {
            switch (node)
            {
                case NameTarget n:
                    DefineName(n.Name);
                    break;
                case DictTarget { Rest: { } rest }:
                    DefineName(rest);
                    break;
                case ListTarget { Rest: { } rest }:
                    DefineName(rest);
                    break;
                case Expr e:
                    Infer(e);
                    break;
            }
        }
    }

    private void CheckReturn(ReturnStmt statement)
    {
        if (statement.Value is null)
        {
            return;
        }

        var valueType = Infer(statement.Value);
        var expected = _function.ReturnType;
        if (expected is null || valueType is null || _function.IsGenerator || _function.IsStream)
        {
            return;
        }

        if (!Accepts(expected, statement.Value, valueType))
        {
            _diagnostics.Report(statement, $"return type doesn't match: expected {expected.Display}, got {valueType.Display}");
        }
    }
}
