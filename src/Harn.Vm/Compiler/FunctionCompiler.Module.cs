using Harn.Bytecode;
using Harn.Syntax;

namespace Harn.Compiler;

internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// A module's top level. Imports run first. With pipelines: top-level let/var, then
    /// declarations, then (entry module only) the entry pipeline — named <c>default</c>, else the
    /// first — called with the top level's arguments; its value is the result. Without
    /// pipelines: declarations, then the statements in order.
    /// </summary>
    /// <remarks>An imported module runs only its top-level let/var and declarations, like a module with pipelines.</remarks>
    public Chunk CompileModuleTop(ProgramNode program, IReadOnlyList<ResolvedImport> imports, PipelineDecl? entry, IReadOnlyList<PipelineDecl> pipelines, bool isEntry)
    {
        BeginScope();
        foreach (var import in imports)
        {
            SetPosition(import.Span);
            Emit(OpCode.ImportModule, import.ModuleIndex);
            Emit(OpCode.Pop);
            foreach (var (localGlobal, exportGlobal) in import.Bindings)
            {
                Emit(OpCode.GetModuleGlobal, import.ModuleIndex, exportGlobal);
                Emit(OpCode.SetGlobal, localGlobal);
                _scopes[0].Locals[_module.GlobalNames[localGlobal]] = new LocalVariable(_module.GlobalNames[localGlobal], -1, false, false);
            }
        }

        var hasPipelines = pipelines.Count > 0 || !isEntry;
        if (hasPipelines)
        {
            foreach (var statement in program.Statements)
            {
                if (statement is VariableDecl)
                {
                    CompileStatement(statement, wantValue: false);
                }
            }
        }

        foreach (var statement in program.Statements)
        {
            if (statement is FnDecl or ToolDecl or ImplDecl or SkillDecl)
            {
                CompileStatement(statement, wantValue: false);
            }
        }

        if (!hasPipelines)
        {
            foreach (var statement in program.Statements)
            {
                if (statement is not (FnDecl or ToolDecl or ImplDecl or SkillDecl))
                {
                    CompileStatement(statement, wantValue: false);
                }
            }

            Emit(OpCode.Nil);
            Emit(OpCode.Return);
            return _chunk.Build();
        }

        if (entry is null)
        {
            Emit(OpCode.Nil);
            Emit(OpCode.Return);
            return _chunk.Build();
        }

        foreach (var parameter in entry.Parameters)
        {
            _chunk.ParamNames.Add(parameter.Name);
            _chunk.AddSlot(" arg_" + parameter.Name);
        }

        var parents = new HashSet<string>(StringComparer.Ordinal) { entry.Name };
        for (var parent = FindParent(entry, pipelines); parent is not null && parents.Add(parent.Name); parent = FindParent(parent, pipelines))
        {
            SetPosition(parent.Span);
            EmitClosure(CompileNested(parent.Name, [], parent.Body, returnsLastValue: true, isStream: false));
            Emit(OpCode.Call, 0);
            Emit(OpCode.Pop);
        }

        SetPosition(entry.Span);
        EmitClosure(CompileNested(entry.Name, entry.Parameters, entry.Body, returnsLastValue: true, isStream: false));
        for (var i = 0; i < entry.Parameters.Count; i++)
        {
            Emit(OpCode.GetLocal, i);
        }

        Emit(OpCode.Call, entry.Parameters.Count);
        Emit(OpCode.Return);
        return _chunk.Build();
    }

    private static PipelineDecl? FindParent(PipelineDecl pipeline, IReadOnlyList<PipelineDecl> pipelines) =>
        pipeline.Extends is null ? null : pipelines.FirstOrDefault(p => p.Name == pipeline.Extends);
}
