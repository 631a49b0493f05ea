using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    /// <summary>Compiles an expression that leaves exactly one value.</summary>
    private void CompileExpr(Expr expression)
    {
        EnsureStack();
        SetPosition(expression.Span);
        if (IsChainLink(expression, out _))
        {
            CompileChain(expression);
            return;
        }

        switch (expression)
        {
            case IntLiteral literal:
                EmitConstant(Value.FromInt(literal.Value));
                break;
            case FloatLiteral literal:
                EmitConstant(Value.FromFloat(literal.Value));
                break;
            case DurationLiteral literal:
                EmitConstant(Value.FromDuration(literal.Milliseconds));
                break;
            case StringLiteral literal:
                EmitString(literal.Value);
                break;
            case BoolLiteral literal:
                Emit(literal.Value ? OpCode.True : OpCode.False);
                break;
            case NilLiteral:
                Emit(OpCode.Nil);
                break;
            case InterpolatedString interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is TextPart text)
                    {
                        EmitString(text.Text);
                    }
                    else
                    {
                        CompileExpr(((InterpolationPart)part).Expression);
                    }
                }

                SetPosition(interpolated.Span);
                Emit(OpCode.Concat, interpolated.Parts.Count);
                break;
            case Identifier identifier:
                CompileIdentifier(identifier);
                break;
            case ListLiteral list:
                CompileListLiteral(list.Elements);
                break;
            case DictLiteral dict:
                CompileDictEntries(dict.Entries);
                break;
            case StructLiteral structLiteral:
                EmitString(structLiteral.Name);
                CompileDictEntries(structLiteral.Fields);
                EmitFieldOrder(structLiteral.Name);
                SetPosition(structLiteral.Span);
                EmitCallBuiltin("__make_struct", 3);
                break;
            case ClosureExpr closure:
                EmitClosure(CompileNested("<closure>", closure.Parameters, closure.Body, returnsLastValue: true, isStream: false));
                break;
            case UnaryExpr unary:
                CompileExpr(unary.Operand);
                SetPosition(unary.Span);
                Emit(unary.Op == UnaryOp.Not ? OpCode.Not : OpCode.Negate);
                break;
            case BinaryExpr binary:
                CompileBinary(binary);
                break;
            case TernaryExpr ternary:
                {
                    CompileExpr(ternary.Condition);
                    var otherwise = _chunk.EmitJump(OpCode.JumpIfFalse);
                    var depth = _chunk.Depth;
                    CompileExpr(ternary.Then);
                    var end = _chunk.EmitJump(OpCode.Jump);
                    _chunk.PatchJump(otherwise);
                    _chunk.Depth = depth;
                    CompileExpr(ternary.Else);
                    _chunk.PatchJump(end);
                    break;
                }

            case RangeExpr range:
                CompileExpr(range.Start);
                CompileExpr(range.End);
                Emit(range.IsExclusive ? OpCode.False : OpCode.True);
                SetPosition(range.Span);
                EmitCallBuiltin("__range__", 3);
                break;
            case MemberExpr member:
                // Only enum construction `E.V` is not a chain link.
                Emit(OpCode.BuildEnum, _chunk.AddString(((Identifier)member.Target).Name), _chunk.AddString(member.Name), 0);
                break;
            case CallExpr call:
                CompileNamedCall(call, (Identifier)call.Callee);
                break;
            case MethodCallExpr method:
                CompileEnumConstruction(method, ((Identifier)method.Target).Name);
                break;
            case TryUnwrapExpr unwrap:
                if (!_isFunction)
                {
                    throw new CompileError("the ? operator requires an enclosing function", unwrap.Span);
                }

                CompileExpr(unwrap.Operand);
                SetPosition(unwrap.Span);
                Emit(OpCode.TryUnwrap);
                break;
            case TryStarExpr tryStar:
                if (!_isFunction)
                {
                    throw new CompileError("try* requires an enclosing function (fn, tool, or pipeline) so the rethrow has a target", tryStar.Span);
                }

                // Errors already propagate with pending finally bodies run by their handlers.
                CompileExpr(tryStar.Operand);
                break;
            case TryExpr tryExpr:
                CompileTry(tryExpr);
                break;
            case IfExpr ifExpr:
                CompileIf(ifExpr);
                break;
            case MatchExpr match:
                CompileMatch(match);
                break;
            case RetryExpr retry:
                CompileRetry(retry);
                break;
            case YieldExpr yield:
                if (_chunk.IsStream)
                {
                    throw new CompileError("`yield` is not allowed in a `gen fn`: use `emit` inside `gen fn`", yield.Span);
                }

                _chunk.IsGenerator = true;
                if (yield.Value is null)
                {
                    Emit(OpCode.Nil);
                }
                else
                {
                    CompileExpr(yield.Value);
                }

                SetPosition(yield.Span);
                Emit(OpCode.Yield);
                break;
            case DeadlineExpr deadline:
                {
                    CompileExpr(deadline.Duration);
                    SetPosition(deadline.Span);
                    Emit(OpCode.DeadlineBegin);
                    var entry = new DeadlineEntry();
                    _control.Add(entry);
                    CompileBlock(deadline.Body, wantValue: true);
                    _control.Remove(entry);
                    Emit(OpCode.DeadlineEnd);
                    break;
                }
            case MutexExpr mutex:
                CompileMutex(mutex);
                break;
            case SpawnExpr spawn:
                CompileSpawn(spawn);
                break;
            case ParallelExpr parallel:
                CompileParallel(parallel);
                break;
            case SelectExpr select:
                CompileSelect(select);
                break;
            case SpreadExpr spread:
                throw new CompileError("spread (...) can only be used inside list literals, dict literals, or function call arguments", spread.Span);
            default:
                throw new CompileError($"unsupported expression {expression.GetType().Name}", expression.Span);
        }
    }

    private bool IsEnumName(string name) => _module.EnumNames.Contains(name) && !IsLexicallyBound(name);

    private bool IsStructName(string name) => _module.Structs.ContainsKey(name) && !IsLexicallyBound(name);

    /// <summary>True when a local, captured or global binding of this name hides a type of the same name.</summary>
    private bool IsLexicallyBound(string name) => Resolve(name).Kind != BindingKind.Runtime;

    /// <summary>Builtins whose type-alias arguments stand for the alias's schema.</summary>
    private static readonly HashSet<string> SchemaBuiltins = new(StringComparer.Ordinal)
    {
        "schema_of", "schema_is", "schema_expect", "schema_parse", "schema_check", "is_type", "json_validate",
    };

    /// <summary>Emits the schema of a type alias named by <paramref name="argument"/>; false when it names no alias.</summary>
    private bool TryEmitAliasSchema(Expr argument)
    {
        if (argument is not Identifier name || !_module.TypeAliases.TryGetValue(name.Name, out var type) || IsLexicallyBound(name.Name)
            || TypeSchemaLowering.Lower(type, _module.TypeAliases) is not { } schema)
        {
            return false;
        }

        EmitConstant(schema);
        return true;
    }

    private void CompileIdentifier(Identifier identifier)
    {
        if (identifier.Name == "_" && _pipePlaceholder >= 0)
        {
            Emit(OpCode.GetLocal, _pipePlaceholder);
            return;
        }

        EmitLoad(identifier.Name, identifier.Span);
    }

    private void EmitFieldOrder(string structName)
    {
        if (_module.Structs.TryGetValue(structName, out var fields))
        {
            foreach (var field in fields)
            {
                EmitString(field);
            }

            Emit(OpCode.BuildList, fields.Length);
        }
        else
        {
            Emit(OpCode.Nil);
        }
    }

    private void CompileListLiteral(IReadOnlyList<Expr> elements)
    {
        var run = 0;
        var started = false;
        foreach (var element in elements)
        {
            if (element is SpreadExpr spread)
            {
                FlushListRun(ref run, ref started);
                CompileExpr(spread.Value);
                SetPosition(spread.Span);
                Emit(OpCode.ExtendList);
                continue;
            }

            CompileExpr(element);
            run++;
        }

        if (!started)
        {
            Emit(OpCode.BuildList, run);
            return;
        }

        if (run > 0)
        {
            Emit(OpCode.BuildList, run);
            Emit(OpCode.ExtendList);
        }
    }

    private void FlushListRun(ref int run, ref bool started)
    {
        Emit(OpCode.BuildList, run);
        if (started)
        {
            Emit(OpCode.ExtendList);
        }

        started = true;
        run = 0;
    }

    private void CompileDictEntries(IReadOnlyList<DictEntry> entries)
    {
        var run = 0;
        var started = false;
        foreach (var entry in entries)
        {
            if (entry is DictSpread spread)
            {
                Emit(OpCode.BuildDict, run);
                if (started)
                {
                    Emit(OpCode.ExtendDict);
                }

                started = true;
                run = 0;
                CompileExpr(spread.Value);
                SetPosition(spread.Span);
                Emit(OpCode.ExtendDict);
                continue;
            }

            var pair = (DictPair)entry;
            CompileExpr(pair.Key);
            if (!(pair.Key is StringLiteral { Value: "output_schema" } && TryEmitAliasSchema(pair.Value)))
            {
                CompileExpr(pair.Value);
            }

            run++;
        }

        Emit(OpCode.BuildDict, run);
        if (started)
        {
            Emit(OpCode.ExtendDict);
        }
    }

    private void EmitSliceBounds(SliceExpr slice)
    {
        if (slice.Start is null)
        {
            Emit(OpCode.Nil);
        }
        else
        {
            CompileExpr(slice.Start);
        }

        if (slice.End is null)
        {
            Emit(OpCode.Nil);
        }
        else
        {
            CompileExpr(slice.End);
        }

        SetPosition(slice.Span);
        Emit(OpCode.Slice);
    }

    private void CompileBinary(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.And:
            case BinaryOp.Or:
                {
                    CompileExpr(binary.Left);
                    var end = _chunk.EmitJump(binary.Op == BinaryOp.And ? OpCode.JumpIfFalseKeep : OpCode.JumpIfTrueKeep);
                    CompileExpr(binary.Right);
                    _chunk.PatchJump(end);
                    Emit(OpCode.ToBool);
                    return;
                }

            case BinaryOp.NilCoalesce:
                {
                    CompileExpr(binary.Left);
                    var end = _chunk.EmitJump(OpCode.JumpIfNotNilKeep);
                    CompileExpr(binary.Right);
                    _chunk.PatchJump(end);
                    return;
                }

            case BinaryOp.Pipe:
                CompilePipe(binary);
                return;
            default:
                throw new CompileError($"unsupported operator {binary.Op}", binary.Span);
        }
    }

    /// <summary>Operators compiled as a chain link: left operand already on the stack.</summary>
    private static bool IsSimpleOperator(BinaryOp op) => op is not (BinaryOp.And or BinaryOp.Or or BinaryOp.NilCoalesce or BinaryOp.Pipe);

    private void EmitOperator(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.Add: Emit(OpCode.Add); break;
            case BinaryOp.Subtract: Emit(OpCode.Subtract); break;
            case BinaryOp.Multiply: Emit(OpCode.Multiply); break;
            case BinaryOp.Divide: Emit(OpCode.Divide); break;
            case BinaryOp.Modulo: Emit(OpCode.Modulo); break;
            case BinaryOp.Power: Emit(OpCode.Power); break;
            case BinaryOp.Equal: Emit(OpCode.Equal); break;
            case BinaryOp.NotEqual: Emit(OpCode.NotEqual); break;
            case BinaryOp.Less: Emit(OpCode.Less); break;
            case BinaryOp.Greater: Emit(OpCode.Greater); break;
            case BinaryOp.LessEqual: Emit(OpCode.LessEqual); break;
            case BinaryOp.GreaterEqual: Emit(OpCode.GreaterEqual); break;
            case BinaryOp.In: Emit(OpCode.Contains); break;
            case BinaryOp.NotIn:
                Emit(OpCode.Contains);
                Emit(OpCode.Not);
                break;
            default:
                throw new CompileError($"unsupported operator {binary.Op}", binary.Span);
        }
    }

    /// <summary>Slot holding the left side of the pipe being compiled, read by <c>_</c> placeholders; -1 outside.</summary>
    private int _pipePlaceholder = -1;

    /// <summary>
    /// <c>x |> f</c> calls f with x. With <c>_</c> placeholders on the right, the right side is
    /// evaluated with each <c>_</c> standing for x instead.
    /// </summary>
    private void CompilePipe(BinaryExpr pipe)
    {
        if (AstWalker.ContainsPlaceholder(pipe.Right))
        {
            CompileExpr(pipe.Left);
            var temp = NewTemp("pipe");
            Emit(OpCode.SetLocal, temp);
            var saved = _pipePlaceholder;
            _pipePlaceholder = temp;
            CompileExpr(pipe.Right);
            _pipePlaceholder = saved;
            return;
        }

        if (pipe.Right is Identifier callee && Resolve(callee.Name).Kind == BindingKind.Runtime)
        {
            CompileExpr(pipe.Left);
            SetPosition(pipe.Span);
            EmitCallBuiltin(callee.Name, 1);
            return;
        }

        CompileExpr(pipe.Right);
        CompileExpr(pipe.Left);
        SetPosition(pipe.Span);
        Emit(OpCode.Call, 1);
    }

    /// <summary><c>name(args)</c>: a struct constructor, a call of a binding, or a builtin looked up at run time.</summary>
    private void CompileNamedCall(CallExpr call, Identifier name)
    {
        var hasSpread = call.Args.Any(a => a is SpreadExpr);
        if (IsStructName(name.Name) && !hasSpread)
        {
            // The struct's constructor takes one dict of fields.
            EmitString(name.Name);
            if (call.Args.Count > 0)
            {
                CompileExpr(call.Args[0]);
            }
            else
            {
                Emit(OpCode.BuildDict, 0);
            }

            EmitFieldOrder(name.Name);
            SetPosition(call.Span);
            EmitCallBuiltin("__make_struct", 3);
            return;
        }

        var binding = Resolve(name.Name);
        if (binding.Kind != BindingKind.Runtime)
        {
            EmitLoad(name.Name, name.Span);
            EmitCallArguments(call);
            return;
        }

        if (hasSpread)
        {
            CompileArgumentList(call.Args);
            SetPosition(call.Span);
            Emit(OpCode.CallBuiltinSpread, _chunk.AddString(name.Name), binding.Index);
            return;
        }

        var takesSchema = SchemaBuiltins.Contains(name.Name);
        foreach (var argument in call.Args)
        {
            if (takesSchema && TryEmitAliasSchema(argument))
            {
                continue;
            }

            // len only counts: a collection its variable owns may stay owned (a loop test `i < len(xs)`).
            if (name.Name == "len" && call.Args.Count == 1 && argument is Identifier measured && TryEmitLoadUnreleased(measured))
            {
                continue;
            }

            CompileExpr(argument);
        }

        SetPosition(call.Span);
        EmitCallBuiltin(name.Name, call.Args.Count);
    }

    /// <summary>Arguments and the call, with the callee already on the stack.</summary>
    private void EmitCallArguments(CallExpr call)
    {
        if (call.Args.Any(a => a is SpreadExpr))
        {
            CompileArgumentList(call.Args);
            SetPosition(call.Span);
            Emit(OpCode.CallSpread);
            return;
        }

        foreach (var argument in call.Args)
        {
            CompileExpr(argument);
        }

        SetPosition(call.Span);
        Emit(OpCode.Call, call.Args.Count);
    }

    /// <summary><c>return f(args)</c> to a Harn function: reuse the frame.</summary>
    private bool TryCompileTailCall(CallExpr call)
    {
        if (call.Callee is not Identifier name || call.Args.Any(a => a is SpreadExpr) || IsStructName(name.Name)
            || Resolve(name.Name).Kind == BindingKind.Runtime)
        {
            return false;
        }

        CompileExpr(call.Callee);
        foreach (var argument in call.Args)
        {
            CompileExpr(argument);
        }

        SetPosition(call.Span);
        Emit(OpCode.TailCall, call.Args.Count);
        Emit(OpCode.Return);
        return true;
    }

    /// <summary>Leaves one list holding all arguments, spreads expanded in place.</summary>
    private void CompileArgumentList(IReadOnlyList<Expr> arguments) => CompileListLiteral(arguments);

    private bool IsEnumConstruction(MethodCallExpr method) =>
        !method.IsOptional && method.Target is Identifier enumName && IsEnumName(enumName.Name) && !method.Args.Any(a => a is SpreadExpr);

    /// <summary><c>E.V(args)</c> for a known enum.</summary>
    private void CompileEnumConstruction(MethodCallExpr method, string enumName)
    {
        foreach (var argument in method.Args)
        {
            CompileExpr(argument);
        }

        SetPosition(method.Span);
        Emit(OpCode.BuildEnum, _chunk.AddString(enumName), _chunk.AddString(method.Name), method.Args.Count);
    }

    /// <summary>Arguments and the method call, with the receiver already on the stack.</summary>
    private void EmitMethodCall(MethodCallExpr method)
    {
        if (method.Args.Any(a => a is SpreadExpr))
        {
            CompileArgumentList(method.Args);
            SetPosition(method.Span);
            Emit(OpCode.MethodCallSpread, _chunk.AddString(method.Name));
            return;
        }

        foreach (var argument in method.Args)
        {
            CompileExpr(argument);
        }

        SetPosition(method.Span);
        Emit(method.IsOptional ? OpCode.MethodCallOpt : OpCode.MethodCall, _chunk.AddString(method.Name), method.Args.Count);
    }

    /// <summary>
    /// Postfix and left-associative operator chains (<c>a + b + c</c>, <c>x.f().g[0]</c>) are
    /// compiled iteratively: the parser allows thousands of links, more than host recursion would.
    /// </summary>
    private bool IsChainLink(Expr expression, out Expr inner)
    {
        switch (expression)
        {
            case BinaryExpr binary when IsSimpleOperator(binary.Op):
                inner = binary.Left;
                return true;
            case MemberExpr member when member.IsOptional || member.Target is not Identifier target || !IsEnumName(target.Name):
                inner = member.Target;
                return true;
            case IndexExpr index:
                inner = index.Target;
                return true;
            case SliceExpr slice:
                inner = slice.Target;
                return true;
            case MethodCallExpr method when !IsEnumConstruction(method):
                inner = method.Target;
                return true;
            case CallExpr call when call.Callee is not Identifier:
                inner = call.Callee;
                return true;
            default:
                inner = expression;
                return false;
        }
    }

    private void CompileChain(Expr expression)
    {
        var links = new List<Expr>();
        var node = expression;
        while (IsChainLink(node, out var inner))
        {
            links.Add(node);
            node = inner;
        }

        var first = links.Count - 1;
        if (first >= 0 && links[first] is MemberExpr { IsOptional: false } read && TryPlainLocal(node, out var slot))
        {
            // `local.name`, the commonest read: one instruction, no copy of the local on the stack.
            SetPosition(read.Span);
            Emit(OpCode.GetLocalProperty, slot, _chunk.AddString(read.Name));
            first--;
        }
        else if (first < 0 || node is not Identifier identifier || !LooksInto(links[first], identifier) || !TryEmitLoadUnreleased(identifier))
        {
            CompileExpr(node);
        }

        for (var i = first; i >= 0; i--)
        {
            var link = links[i];
            SetPosition(link.Span);
            switch (link)
            {
                case BinaryExpr binary when TryEmitFusedOperand(binary):
                    break;
                case BinaryExpr { Op: BinaryOp.In or BinaryOp.NotIn, Right: Identifier collection } binary when TryEmitLoadUnreleased(collection):
                    // Membership only looks into the collection, which may stay owned by its variable.
                    SetPosition(binary.Span);
                    EmitOperator(binary);
                    break;
                case BinaryExpr binary:
                    CompileExpr(binary.Right);
                    SetPosition(binary.Span);
                    EmitOperator(binary);
                    break;
                case MemberExpr member:
                    Emit(member.IsOptional ? OpCode.GetPropertyOpt : OpCode.GetProperty, _chunk.AddString(member.Name));
                    break;
                case IndexExpr index:
                    CompileExpr(index.Index);
                    SetPosition(index.Span);
                    Emit(index.IsOptional ? OpCode.SubscriptOpt : OpCode.Subscript);
                    break;
                case SliceExpr slice when slice.IsOptional:
                    {
                        var isNil = _chunk.EmitJump(OpCode.JumpIfNil);
                        EmitSliceBounds(slice);
                        _chunk.PatchJump(isNil);
                        break;
                    }

                case SliceExpr slice:
                    EmitSliceBounds(slice);
                    break;
                case MethodCallExpr method:
                    EmitMethodCall(method);
                    break;
                case CallExpr call:
                    EmitCallArguments(call);
                    break;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="link"/> only reads an element or property of the variable, so the
    /// variable may keep a collection it owns (see <see cref="InPlaceUpdates"/>). Between the load
    /// and the read a global's index must run no code that could update that global in place.
    /// </summary>
    private bool LooksInto(Expr link, Identifier variable) => link switch
    {
        MemberExpr => true,
        IndexExpr index => InPlaceUpdates.RunsNoCode(index.Index) || Resolve(variable.Name).Kind == BindingKind.Local,
        MethodCallExpr { IsOptional: false } call when InPlaceUpdates.QueryMethods.Contains(call.Name) =>
            call.Args.All(InPlaceUpdates.RunsNoCode) || Resolve(variable.Name).Kind == BindingKind.Local,
        _ => false,
    };

    private void CompileIf(IfExpr ifExpr)
    {
        var otherwise = CompileConditionJump(ifExpr.Condition, jumpWhen: false);
        var depth = _chunk.Depth;
        CompileBlock(ifExpr.Then, wantValue: true);
        var end = _chunk.EmitJump(OpCode.Jump);
        PatchJumps(otherwise);
        _chunk.Depth = depth;
        if (ifExpr.ElseIf is not null)
        {
            CompileIf(ifExpr.ElseIf);
        }
        else if (ifExpr.Else is not null)
        {
            CompileBlock(ifExpr.Else, wantValue: true);
        }
        else
        {
            Emit(OpCode.Nil);
        }

        _chunk.PatchJump(end);
    }
}
