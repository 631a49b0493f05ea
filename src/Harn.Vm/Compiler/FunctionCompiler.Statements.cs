using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    /// <summary>A scoped block; leaves its value (the last expression's, else nil) when <paramref name="wantValue"/>.</summary>
    private void CompileBlock(Block block, bool wantValue)
    {
        BeginScope();
        CompileBlockBody(block.Statements, wantValue);
        EndScope();
    }

    /// <summary>
    /// Statements in the current scope. Names of fns declared in the block are known from its
    /// start (so they can call each other); defers registered in it run when it ends.
    /// </summary>
    private void CompileBlockBody(IReadOnlyList<Stmt> statements, bool wantValue)
    {
        PredeclareFunctions(statements);
        var controlMark = _control.Count;
        for (var i = 0; i < statements.Count; i++)
        {
            var last = i == statements.Count - 1;
            CompileStatement(statements[i], wantValue && last);
        }

        if (wantValue && statements.Count == 0)
        {
            Emit(OpCode.Nil);
        }

        // Defers registered directly in this block run at its end, newest first.
        for (var i = _control.Count - 1; i >= controlMark; i--)
        {
            if (_control[i] is FinallyEntry pending)
            {
                _control.RemoveAt(i);
                Emit(OpCode.TryEnd);
                CompileBlock(pending.Body, wantValue: false);
            }
        }
    }

    private void PredeclareFunctions(IReadOnlyList<Stmt> statements)
    {
        if (DeclaresGlobals)
        {
            return;
        }

        foreach (var statement in statements)
        {
            if (statement is FnDecl fn && !_scopes[^1].Locals.ContainsKey(fn.Name))
            {
                var local = DeclareLocalSlot(fn.Name, mutable: false);
                if (local.IsBoxed)
                {
                    Emit(OpCode.Nil);
                    Emit(OpCode.NewCell, local.Slot);
                }
            }
        }
    }

    private void CompileStatement(Stmt statement, bool wantValue)
    {
        EnsureStack();
        SetPosition(statement.Span);
        var depth = _chunk.Depth;
        switch (statement)
        {
            case ExprStmt { Expression: IfExpr ifExpr } when !wantValue:
                CompileIfStatement(ifExpr);
                return;
            case ExprStmt expression:
                CompileExpr(expression.Expression);
                if (!wantValue)
                {
                    Emit(OpCode.Pop);
                }

                return;
            case VariableDecl declaration:
                CompileExpr(declaration.Value);
                CompileBindingTarget(declaration.Target, declaration.IsMutable);
                break;
            case AssignStmt assignment:
                CompileAssignment(assignment);
                break;
            case FnDecl fn:
                CompileFnDeclaration(fn);
                break;
            case ReturnStmt ret:
                CompileReturn(ret);
                break;
            case ThrowStmt thrown:
                CompileExpr(thrown.Value);
                SetPosition(thrown.Span);
                Emit(OpCode.Throw);
                break;
            case WhileStmt loop:
                CompileWhile(loop);
                break;
            case ForStmt loop:
                CompileFor(loop);
                break;
            case BreakStmt breakStmt:
                CompileBreakOrContinue(breakStmt.Span, isBreak: true);
                break;
            case ContinueStmt continueStmt:
                CompileBreakOrContinue(continueStmt.Span, isBreak: false);
                break;
            case GuardStmt guard:
                {
                    CompileExpr(guard.Condition);
                    var skip = _chunk.EmitJump(OpCode.JumpIfTrue);
                    CompileBlock(guard.Else, wantValue: false);
                    _chunk.PatchJump(skip);
                    break;
                }

            case RequireStmt require:
                {
                    CompileExpr(require.Condition);
                    var ok = _chunk.EmitJump(OpCode.JumpIfTrue);
                    if (require.Message is null)
                    {
                        EmitString("require condition failed");
                    }
                    else
                    {
                        CompileExpr(require.Message);
                    }

                    SetPosition(require.Span);
                    Emit(OpCode.Throw);
                    _chunk.PatchJump(ok);
                    break;
                }

            case DeferStmt defer:
                CompileDefer(defer);
                break;
            case EmitStmt emit:
                _chunk.IsGenerator = true;
                CompileExpr(emit.Value);
                Emit(OpCode.Yield);
                Emit(OpCode.Pop);
                break;
            case ImplDecl impl:
                CompileImpl(impl);
                break;
            case EnumDecl or StructDecl or InterfaceDecl or TypeAliasDecl or ImportDecl or PipelineDecl or OverrideDecl:
                // Declarations the compiler has already collected; nothing runs.
                break;
            case ToolDecl tool:
                CompileTool(tool);
                break;
            case SkillDecl skill:
                CompileSkill(skill);
                break;
            case EvalPackDecl pack:
                CompileEvalPack(pack);
                break;
            default:
                throw new CompileError($"unsupported statement {statement.GetType().Name}", statement.Span);
        }

        _chunk.Depth = depth;
        if (wantValue)
        {
            Emit(OpCode.Nil);
        }
    }

    /// <summary>
    /// <c>eval_pack name "id" { field: expr ... statements ... summarize { } }</c>: binds the name to
    /// <c>eval_pack_manifest({id, field: expr, ...})</c>, then runs the statements and the
    /// summarize block in a scope where <c>id</c>, <c>version</c> and every field name are bound
    /// to the manifest's values.
    /// </summary>
    private void CompileEvalPack(EvalPackDecl pack)
    {
        var name = pack.Name ?? EvalPackBindingName(pack.Id);
        var fields = pack.Fields.Where(f => f.Name != "id").ToList();
        var idField = pack.Fields.FirstOrDefault(f => f.Name == "id");
        EmitString("id");
        if (idField is not null)
        {
            CompileExpr(idField.Value);
        }
        else if (pack.Id is not null)
        {
            CompileExpr(pack.Id);
        }
        else
        {
            EmitString(name);
        }

        foreach (var field in fields)
        {
            EmitString(field.Name);
            CompileExpr(field.Value);
        }

        Emit(OpCode.BuildDict, fields.Count + 1);
        SetPosition(pack.Span);
        EmitCallBuiltin("eval_pack_manifest", 1);
        DeclareAndStore(name, mutable: false, pack.Span);
        if (pack.Statements.Count == 0 && pack.Summarize is null)
        {
            return;
        }

        BeginScope();
        var manifest = new Identifier(pack.Span, name);
        foreach (var bound in new[] { "id", "version" }.Concat(fields.Select(f => f.Name)).Distinct())
        {
            CompileExpr(new MemberExpr(pack.Span, manifest, bound, IsOptional: true));
            DeclareAndStore(bound, mutable: false, pack.Span);
        }

        CompileBlockBody(pack.Statements, wantValue: false);
        if (pack.Summarize is not null)
        {
            CompileBlock(pack.Summarize, wantValue: false);
        }

        EndScope();
    }

    /// <summary>A binding name derived from a string id: identifier characters kept, the rest turned into underscores.</summary>
    private static string EvalPackBindingName(Expr? id)
    {
        var text = id is StringLiteral literal ? literal.Value : "eval_pack";
        var chars = text.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var name = new string(chars);
        return name.Length == 0 || char.IsDigit(name[0]) ? "_" + name : name;
    }

    /// <summary><c>skill name { k v ... }</c>: <c>skill_define(skill_registry(), "name", {k: v, ...})</c> bound to the name.</summary>
    private void CompileSkill(SkillDecl skill)
    {
        EmitCallBuiltin("skill_registry", 0);
        EmitString(skill.Name);
        foreach (var field in skill.Fields)
        {
            EmitString(field.Name);
            CompileExpr(field.Value);
        }

        Emit(OpCode.BuildDict, skill.Fields.Count);
        SetPosition(skill.Span);
        EmitCallBuiltin("skill_define", 3);
        DeclareAndStore(skill.Name, mutable: false, skill.Span);
    }

    private void CompileFnDeclaration(FnDecl fn)
    {
        BindFnDeclaration(fn);
        EmitAcpSkillRegistration(fn);
    }

    private void BindFnDeclaration(FnDecl fn)
    {
        var function = CompileNested(fn.Name, fn.Parameters, fn.Body, returnsLastValue: false, fn.IsStream);
        EmitClosure(function);
        EmitStepRegistration(fn);
        SetPosition(fn.Span);
        if (DeclaresGlobals)
        {
            Emit(OpCode.SetGlobal, _module.DeclareGlobal(fn.Name, mutable: false));
            return;
        }

        if (!_scopes[^1].Locals.TryGetValue(fn.Name, out var local))
        {
            local = DeclareLocalSlot(fn.Name, mutable: false);
            if (local.IsBoxed)
            {
                Emit(OpCode.NewCell, local.Slot);
                return;
            }
        }

        Emit(local.IsBoxed ? OpCode.SetCell : OpCode.SetLocal, local.Slot);
    }

    private void CompileImpl(ImplDecl impl)
    {
        foreach (var method in impl.Methods)
        {
            EmitString(method.Name);
            var function = CompileNested(impl.TypeName + "." + method.Name, method.Parameters, method.Body, returnsLastValue: false, method.IsStream);
            EmitClosure(function);
        }

        SetPosition(impl.Span);
        Emit(OpCode.BuildDict, impl.Methods.Count);
        Emit(OpCode.DefineImpl, _chunk.AddString(impl.TypeName));
    }

    /// <summary>
    /// <c>tool name(params) -> R { }</c>: <c>tool_define(tool_registry(), name, description, {parameters,
    /// returns?, handler})</c> bound to the name, like upstream. Each parameter's schema is its type's
    /// schema; a defaulted parameter adds <c>required: false</c> and its <c>default</c>.
    /// </summary>
    private void CompileTool(ToolDecl tool)
    {
        EmitCallBuiltin("tool_registry", 0);
        EmitString(tool.Name);
        if (tool.Description is null)
        {
            EmitString(string.Empty);
        }
        else
        {
            CompileExpr(tool.Description);
        }

        EmitString("parameters");
        foreach (var parameter in tool.Parameters)
        {
            EmitString(parameter.Name);
            var schema = parameter.Type is null ? null : TypeSchemaLowering.Lower(parameter.Type, _module.TypeAliases);
            if (parameter.Default is null)
            {
                EmitConstant(schema ?? Value.FromDict(HarnDict.Empty));
                continue;
            }

            var fields = schema?.AsDict ?? HarnDict.Empty;
            foreach (var (key, value) in fields)
            {
                EmitString(key);
                EmitConstant(value);
            }

            EmitString("required");
            EmitConstant(Value.False);
            EmitString("default");
            CompileExpr(parameter.Default);
            Emit(OpCode.BuildDict, fields.Count + 2);
        }

        Emit(OpCode.BuildDict, tool.Parameters.Count);
        var configFields = 2;
        if (tool.ReturnType is not null && TypeSchemaLowering.Lower(tool.ReturnType, _module.TypeAliases) is { } returns)
        {
            EmitString("returns");
            EmitConstant(returns);
            configFields++;
        }

        EmitString("handler");
        EmitClosure(CompileNested(tool.Name, tool.Parameters, tool.Body, returnsLastValue: true, isStream: false));
        Emit(OpCode.BuildDict, configFields);
        SetPosition(tool.Span);
        EmitCallBuiltin("tool_define", 4);
        DeclareAndStore(tool.Name, mutable: false, tool.Span);
    }

    private void CompileReturn(ReturnStmt ret)
    {
        if (!_isFunction)
        {
            throw new CompileError("return outside of function", ret.Span);
        }

        var canTailCall = !_control.Any(c => c is HandlerEntry or FinallyEntry) && !_chunk.IsGenerator;
        if (ret.Value is CallExpr call && canTailCall && TryCompileTailCall(call))
        {
            return;
        }

        if (ret.Value is null)
        {
            Emit(OpCode.Nil);
        }
        else
        {
            CompileExpr(ret.Value);
        }

        SetPosition(ret.Span);
        EmitExitsTo(0);
        Emit(OpCode.Return);
    }

    /// <summary>
    /// Unwinds the control entries above <paramref name="mark"/> before a jump out: removes their
    /// handlers and runs finally/defer bodies, innermost first.
    /// </summary>
    private void EmitExitsTo(int mark)
    {
        var saved = _control.ToArray();
        for (var i = saved.Length - 1; i >= mark; i--)
        {
            switch (saved[i])
            {
                case HandlerEntry:
                    Emit(OpCode.TryEnd);
                    break;
                case DeadlineEntry:
                    Emit(OpCode.DeadlineEnd);
                    break;
                case MutexEntry mutex:
                    Emit(OpCode.TryEnd);
                    EmitMutexRelease(mutex.PermitSlot);
                    break;
                case FinallyEntry pending:
                    Emit(OpCode.TryEnd);
                    _control.RemoveRange(i, _control.Count - i);
                    CompileBlock(pending.Body, wantValue: false);
                    break;
            }
        }

        _control.Clear();
        _control.AddRange(saved);
    }

    private void CompileWhile(WhileStmt loop)
    {
        var entry = new LoopEntry(_chunk.Depth);
        var start = _chunk.Position;
        var exits = CompileConditionJump(loop.Condition, jumpWhen: false);
        _control.Add(entry);
        CompileBlock(loop.Body, wantValue: false);
        _control.Remove(entry);
        foreach (var jump in entry.ContinueJumps)
        {
            _chunk.PatchJumpTo(jump, start);
        }

        Emit(OpCode.Jump, start);
        PatchJumps(exits);
        foreach (var jump in entry.BreakJumps)
        {
            _chunk.PatchJump(jump);
        }
    }

    private void CompileFor(ForStmt loop)
    {
        CompileExpr(loop.Iterable);
        var cursor = NewTemp("for");
        SetPosition(loop.Span);
        Emit(OpCode.IterInit, cursor);
        var entry = new LoopEntry(_chunk.Depth);
        var start = _chunk.Position;
        int exit;
        BeginScope();
        if (loop.Target is NameTarget { Name: not "_" } name && !IsBoxed(name.Name))
        {
            // The common `for item in items`: each item goes straight into its local.
            var local = DeclareLocalSlot(name.Name, mutable: true);
            exit = _chunk.Position + 3;
            Emit(OpCode.IterNextLocal, cursor, local.Slot, -1);
            _control.Add(entry);
        }
        else
        {
            exit = _chunk.Position + 2;
            Emit(OpCode.IterNext, cursor, -1);
            _control.Add(entry);
            CompileBindingTarget(loop.Target, mutable: true);
        }

        CompileBlockBody(loop.Body.Statements, wantValue: false);
        EndScope();
        _control.Remove(entry);
        foreach (var jump in entry.ContinueJumps)
        {
            _chunk.PatchJumpTo(jump, start);
        }

        Emit(OpCode.Jump, start);
        _chunk.PatchJump(exit);
        _chunk.Depth = entry.StackDepth;
        foreach (var jump in entry.BreakJumps)
        {
            _chunk.PatchJump(jump);
        }
    }

    private void CompileBreakOrContinue(Span span, bool isBreak)
    {
        var index = _control.FindLastIndex(c => c is LoopEntry);
        if (index < 0)
        {
            throw new CompileError(isBreak ? "break outside of loop" : "continue outside of loop", span);
        }

        var loop = (LoopEntry)_control[index];
        PopTo(loop.StackDepth);
        EmitExitsTo(index + 1);
        (isBreak ? loop.BreakJumps : loop.ContinueJumps).Add(_chunk.EmitJump(OpCode.Jump));
    }

    /// <summary><c>defer { D }</c>: D runs when the enclosing block ends, on a jump out of it, or when an error passes through.</summary>
    private void CompileDefer(DeferStmt defer)
    {
        var handler = _chunk.EmitJump(OpCode.TryFinally);
        var skip = _chunk.EmitJump(OpCode.Jump);
        _chunk.PatchJump(handler);
        var depth = _chunk.Depth;
        _chunk.Depth = depth + 1;
        CompileBlock(defer.Body, wantValue: false);
        Emit(OpCode.Rethrow);
        _chunk.Depth = depth;
        _chunk.PatchJump(skip);
        _control.Add(new FinallyEntry(defer.Body));
    }

    private void CompileAssignment(AssignStmt assignment)
    {
        var op = assignment.Op switch
        {
            AssignOp.Add => OpCode.Add,
            AssignOp.Subtract => OpCode.Subtract,
            AssignOp.Multiply => OpCode.Multiply,
            AssignOp.Divide => OpCode.Divide,
            AssignOp.Modulo => OpCode.Modulo,
            _ => (OpCode?)null,
        };

        // Replaces the current value of the target (on top of the stack) with the new one.
        void NewValue()
        {
            if (op is null)
            {
                Emit(OpCode.Pop);
                CompileExpr(assignment.Value);
            }
            else
            {
                CompileExpr(assignment.Value);
                SetPosition(assignment.Span);
                Emit(op.Value);
            }
        }

        if (TryCompileLocalUpdate(assignment) || TryCompileDictMerge(assignment))
        {
            return;
        }

        if (assignment.Target is Identifier identifier && op is null)
        {
            CompileExpr(assignment.Value);
            EmitStore(identifier.Name, assignment.Span);
            return;
        }

        CompileUpdate(assignment.Target, NewValue, assignment.Span);
    }

    /// <summary>
    /// <c>d = d + {...}</c> or <c>d += {...}</c> on a variable that may own its dict: the entries
    /// merge in place (<see cref="OpCode.AddOwned"/>). The literal is evaluated with the dict
    /// unreleased on the stack, so for a global only a literal that runs no code qualifies: code it
    /// called could change the global in place before the addition, which must see the old dict.
    /// </summary>
    private bool TryCompileDictMerge(AssignStmt assignment)
    {
        if (InPlaceUpdates.DictMergeOperand(assignment) is not { } literal || assignment.Target is not Identifier target
            || !MayOwnCollection(target)
            || (Resolve(target.Name).Kind != BindingKind.Local && !InPlaceUpdates.RunsNoCode(literal)))
        {
            return false;
        }

        CompileUpdate(target, () =>
        {
            CompileExpr(literal);
            SetPosition(assignment.Span);
            Emit(OpCode.AddOwned);
        }, assignment.Span, owned: true);
        return true;
    }

    /// <summary>
    /// Read-modify-write of an assignable place: loads its current value, lets
    /// <paramref name="transform"/> turn it into the new one, and writes it back, rebuilding
    /// every enclosing dict, list or struct (values are immutable) up to the root variable. The
    /// innermost update on the root variable itself may change a collection the variable owns in
    /// place (<see cref="InPlaceUpdates"/>); <paramref name="owned"/> says the place is that root.
    /// Code that the new value's computation calls may read such a global (which releases it, so
    /// the update copies) or update it in place itself, which the update then keeps, as upstream
    /// does by reading the variable only after the value.
    /// </summary>
    private void CompileUpdate(Expr place, Action transform, Span span, bool owned = false)
    {
        EnsureStack();
        switch (place)
        {
            case Identifier identifier:
                if (!owned || !TryEmitLoadUnreleased(identifier))
                {
                    EmitLoad(identifier.Name, identifier.Span);
                }

                transform();
                EmitStore(identifier.Name, span);
                break;
            case MemberExpr member:
                {
                    var inPlace = MayOwnCollection(member.Target);
                    CompileUpdate(member.Target, () =>
                    {
                        Emit(OpCode.Dup);
                        SetPosition(member.Span);
                        Emit(OpCode.GetPropertyOpt, _chunk.AddString(member.Name));
                        transform();
                        SetPosition(member.Span);
                        Emit(inPlace ? OpCode.PutPropertyOwned : OpCode.PutProperty, _chunk.AddString(member.Name));
                    }, span, inPlace);
                    break;
                }

            case IndexExpr index:
                {
                    CompileExpr(index.Index);
                    var temp = NewTemp("index");
                    Emit(OpCode.SetLocal, temp);
                    var inPlace = MayOwnCollection(index.Target);
                    CompileUpdate(index.Target, () =>
                    {
                        Emit(OpCode.Dup);
                        Emit(OpCode.GetLocal, temp);
                        SetPosition(index.Span);
                        Emit(OpCode.SubscriptOpt);
                        transform();
                        Emit(OpCode.GetLocal, temp);
                        Emit(OpCode.Swap);
                        SetPosition(index.Span);
                        Emit(inPlace ? OpCode.PutIndexOwned : OpCode.PutIndex);
                    }, span, inPlace);
                    break;
                }

            default:
                throw new CompileError("invalid assignment target", place.Span);
        }
    }
}
