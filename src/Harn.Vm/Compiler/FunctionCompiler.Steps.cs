using Harn.Bytecode;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    private const string StepAttribute = "step";

    /// <summary>
    /// <c>@step(name: "plan", ...) fn f() {}</c>: with the closure on the stack, emits
    /// <c>__register_step(closure, {name: "plan", ...})</c>, whose result (the step's callable)
    /// is what the declaration then binds. A leading unnamed argument is the step's name.
    /// </summary>
    private void EmitStepRegistration(FnDecl fn)
    {
        var step = fn.Attributes.FirstOrDefault(a => a.Name == StepAttribute);
        if (step is null)
        {
            return;
        }

        var pairs = 0;
        for (var i = 0; i < step.Args.Count; i++)
        {
            var argument = step.Args[i];
            var key = argument.Name ?? (i == 0 ? "name" : null);
            if (key is null)
            {
                continue;
            }

            EmitString(key);
            CompileExpr(argument.Value);
            pairs++;
        }

        SetPosition(step.Span);
        Emit(OpCode.BuildDict, pairs);
        EmitCallBuiltin("__register_step", 2);
    }
}
