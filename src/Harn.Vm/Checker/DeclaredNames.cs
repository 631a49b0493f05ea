using Harn.Syntax;

namespace Harn.Checker;

/// <summary>Every name the program binds anywhere, in any scope (scanned without recursion).</summary>
internal static class DeclaredNames
{
    public static HashSet<string> Collect(ProgramNode program)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in SyntaxChildren.Descendants(program))
        {
            string? name = node switch
            {
                FnDecl d => d.Name,
                ToolDecl d => d.Name,
                PipelineDecl d => d.Name,
                OverrideDecl d => d.Name,
                SkillDecl d => d.Name,
                EvalPackDecl d => d.Name,
                StructDecl d => d.Name,
                EnumDecl d => d.Name,
                InterfaceDecl d => d.Name,
                TypeAliasDecl d => d.Name,
                Parameter p => p.Name,
                NameTarget t => t.Name,
                DictTarget t => t.Rest,
                ListTarget t => t.Rest,
                BindingPattern p => p.Name,
                ListPattern p => p.Rest,
                CatchClause c => c.Variable,
                ParallelExpr p => p.Variable,
                SelectCase c => c.Variable,
                _ => null,
            };
            if (name is not null)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
