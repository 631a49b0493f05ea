using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// <c>match</c>: the subject stays on the stack while arms are tried in order; the first arm
    /// whose pattern (and guard) match drops it and leaves its body's value.
    /// </summary>
    private void CompileMatch(MatchExpr match)
    {
        CompileExpr(match.Subject);
        var depth = _chunk.Depth;
        var ends = new List<int>();
        foreach (var arm in match.Arms)
        {
            _chunk.Depth = depth;
            BeginScope();
            CompilePatternTest(arm.Pattern);
            var next = _chunk.EmitJump(OpCode.JumpIfFalse);
            var guardFail = -1;
            if (arm.Guard is not null)
            {
                CompileExpr(arm.Guard);
                guardFail = _chunk.EmitJump(OpCode.JumpIfFalse);
            }

            Emit(OpCode.Pop);
            CompileBlock(arm.Body, wantValue: true);
            ends.Add(_chunk.EmitJump(OpCode.Jump));
            _chunk.PatchJump(next);
            if (guardFail >= 0)
            {
                _chunk.PatchJump(guardFail);
            }

            EndScope();
        }

        _chunk.Depth = depth;
        SetPosition(match.Span);
        Emit(OpCode.Pop);
        EmitString("No match arm matched the value");
        Emit(OpCode.Throw);
        foreach (var end in ends)
        {
            _chunk.PatchJump(end);
        }

        _chunk.Depth = depth;
    }

    /// <summary>[subject] → [subject, matched]; binds the pattern's names into locals as it goes.</summary>
    private void CompilePatternTest(Pattern pattern)
    {
        EnsureStack();
        SetPosition(pattern.Span);
        switch (pattern)
        {
            case WildcardPattern:
                Emit(OpCode.True);
                break;
            case BindingPattern binding:
                Emit(OpCode.Dup);
                DeclareAndStore(binding.Name, mutable: false, binding.Span);
                Emit(OpCode.True);
                break;
            case LiteralPattern literal:
                Emit(OpCode.Dup);
                CompileExpr(literal.Value);
                Emit(OpCode.Equal);
                break;
            case ExpressionPattern expression:
                Emit(OpCode.Dup);
                CompileExpr(expression.Value);
                Emit(OpCode.Equal);
                break;
            case EnumPattern enumPattern:
                {
                    Emit(OpCode.IsVariant, _chunk.AddString(enumPattern.EnumName), _chunk.AddString(enumPattern.Variant));
                    var fields = enumPattern.Fields ?? [];
                    if (fields.Count == 0)
                    {
                        break;
                    }

                    var fail = new List<int> { _chunk.EmitJump(OpCode.JumpIfFalseKeep) };
                    for (var i = 0; i < fields.Count; i++)
                    {
                        Emit(OpCode.Dup);
                        Emit(OpCode.GetProperty, _chunk.AddString("fields"));
                        EmitConstant(Value.FromInt(i));
                        Emit(OpCode.Subscript);
                        CompileSubPattern(fields[i], fail, last: i == fields.Count - 1);
                    }

                    PatchAll(fail);
                    break;
                }

            case DictPattern dict:
                {
                    Emit(OpCode.IsType, _chunk.AddString("dict"));
                    if (dict.Entries.Count == 0)
                    {
                        break;
                    }

                    var fail = new List<int> { _chunk.EmitJump(OpCode.JumpIfFalseKeep) };
                    for (var i = 0; i < dict.Entries.Count; i++)
                    {
                        Emit(OpCode.Dup);
                        EmitString(dict.Entries[i].Key);
                        Emit(OpCode.Subscript);
                        CompileSubPattern(dict.Entries[i].Value, fail, last: i == dict.Entries.Count - 1);
                    }

                    PatchAll(fail);
                    break;
                }

            case ListPattern list:
                {
                    Emit(OpCode.IsListAtLeast, list.Elements.Count);
                    var fail = new List<int> { _chunk.EmitJump(OpCode.JumpIfFalseKeep) };
                    for (var i = 0; i < list.Elements.Count; i++)
                    {
                        Emit(OpCode.Dup);
                        EmitConstant(Value.FromInt(i));
                        Emit(OpCode.Subscript);
                        CompileSubPattern(list.Elements[i], fail, last: false);
                    }

                    if (list.Rest is not null)
                    {
                        Emit(OpCode.Dup);
                        EmitConstant(Value.FromInt(list.Elements.Count));
                        Emit(OpCode.Nil);
                        Emit(OpCode.Slice);
                        DeclareAndStore(list.Rest, mutable: false, list.Span);
                    }

                    Emit(OpCode.True);
                    PatchAll(fail);
                    break;
                }

            case OrPattern or:
                {
                    var done = new List<int>();
                    for (var i = 0; i < or.Alternatives.Count; i++)
                    {
                        CompilePatternTest(or.Alternatives[i]);
                        if (i < or.Alternatives.Count - 1)
                        {
                            done.Add(_chunk.EmitJump(OpCode.JumpIfTrueKeep));
                        }
                    }

                    PatchAll(done);
                    break;
                }

            default:
                throw new CompileError($"unsupported pattern {pattern.GetType().Name}", pattern.Span);
        }
    }

    /// <summary>
    /// [subject, part] → [subject] with the part's test chained: a failing test jumps to the
    /// common exit keeping false; the last test's result is left for the exit.
    /// </summary>
    private void CompileSubPattern(Pattern pattern, List<int> fail, bool last)
    {
        CompilePatternTest(pattern);
        Emit(OpCode.Swap);
        Emit(OpCode.Pop);
        if (!last)
        {
            fail.Add(_chunk.EmitJump(OpCode.JumpIfFalseKeep));
        }
    }

    private void PatchAll(List<int> jumps)
    {
        foreach (var jump in jumps)
        {
            _chunk.PatchJump(jump);
        }
    }

    /// <summary>Destructures the value on top of the stack into new bindings (consumes it).</summary>
    private void CompileBindingTarget(BindingTarget target, bool mutable)
    {
        EnsureStack();
        switch (target)
        {
            case NameTarget name:
                DeclareAndStore(name.Name, mutable, name.Span);
                break;
            case DictTarget dict:
                SetPosition(dict.Span);
                EmitCallBuiltin("__assert_dict", 1);
                foreach (var field in dict.Fields)
                {
                    Emit(OpCode.Dup);
                    EmitString(field.Key);
                    Emit(OpCode.Subscript);
                    EmitDefault(field.Default);
                    CompileBindingTarget(field.Target, mutable);
                }

                if (dict.Rest is not null)
                {
                    Emit(OpCode.Dup);
                    foreach (var field in dict.Fields)
                    {
                        EmitString(field.Key);
                    }

                    Emit(OpCode.BuildList, dict.Fields.Count);
                    EmitCallBuiltin("__dict_rest", 2);
                    DeclareAndStore(dict.Rest, mutable, dict.Span);
                }

                Emit(OpCode.Pop);
                break;
            case ListTarget list:
                SetPosition(list.Span);
                EmitCallBuiltin("__assert_list", 1);
                for (var i = 0; i < list.Elements.Count; i++)
                {
                    Emit(OpCode.Dup);
                    EmitConstant(Value.FromInt(i));
                    Emit(OpCode.Subscript);
                    EmitDefault(list.Elements[i].Default);
                    CompileBindingTarget(list.Elements[i].Target, mutable);
                }

                if (list.Rest is not null)
                {
                    Emit(OpCode.Dup);
                    EmitConstant(Value.FromInt(list.Elements.Count));
                    Emit(OpCode.Nil);
                    Emit(OpCode.Slice);
                    DeclareAndStore(list.Rest, mutable, list.Span);
                }

                Emit(OpCode.Pop);
                break;
            case PairTarget pair:
                Emit(OpCode.Dup);
                Emit(OpCode.GetProperty, _chunk.AddString("first"));
                CompileBindingTarget(pair.First, mutable);
                Emit(OpCode.GetProperty, _chunk.AddString("second"));
                CompileBindingTarget(pair.Second, mutable);
                break;
            default:
                throw new CompileError($"unsupported binding target {target.GetType().Name}", target.Span);
        }
    }

    /// <summary>[v] → [v ?? default] when a default is given.</summary>
    private void EmitDefault(Expr? fallback)
    {
        if (fallback is null)
        {
            return;
        }

        var end = _chunk.EmitJump(OpCode.JumpIfNotNilKeep);
        CompileExpr(fallback);
        _chunk.PatchJump(end);
    }
}
