using Harn.Bytecode;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    private const string StepAttribute = "step";

    private const string AcpSkillAttribute = "acp_skill";

    /// <summary>
    /// <c>@acp_skill(name: "deploy", when_to_use: "...") fn f() {}</c>: after the function is bound,
    /// <c>skill_define(skill_registry(), name, {...args, on_activate: f})</c> (the attribute's
    /// arguments are the skill's metadata, a bare identifier reads as its name, and the function
    /// becomes the skill's <c>on_activate</c> hook). The registry it returns is discarded, as
    /// upstream's is; what remains is <c>skill_define</c>'s validation of the metadata.
    /// </summary>
    private void EmitAcpSkillRegistration(FnDecl fn)
    {
        var skill = fn.Attributes.FirstOrDefault(a => a.Name == AcpSkillAttribute);
        if (skill is null)
        {
            return;
        }

        SetPosition(skill.Span);
        EmitCallBuiltin("skill_registry", 0);
        var name = skill.Args.FirstOrDefault(a => a.Name == "name" || a.Name is null);
        if (name is null)
        {
            EmitString(fn.Name);
        }
        else
        {
            EmitAttributeValue(name.Value);
        }

        var pairs = 0;
        foreach (var argument in skill.Args)
        {
            if (argument.Name is null || argument.Name == "name")
            {
                continue;
            }

            EmitString(argument.Name);
            EmitAttributeValue(argument.Value);
            pairs++;
        }

        EmitString("on_activate");
        EmitLoad(fn.Name, fn.Span);
        SetPosition(skill.Span);
        Emit(OpCode.BuildDict, pairs + 1);
        EmitCallBuiltin("skill_define", 3);
        Emit(OpCode.Pop);
    }

    /// <summary>An attribute argument: a bare identifier is its name as a string, anything else the expression's value.</summary>
    private void EmitAttributeValue(Expr value)
    {
        if (value is Identifier identifier)
        {
            EmitString(identifier.Name);
            return;
        }

        CompileExpr(value);
    }

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
