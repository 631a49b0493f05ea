using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Reports calls to names that are neither builtins nor bound anywhere in the program. Skipped for
/// programs with imports: an imported module may define any name.
/// </summary>
internal static class CallTargets
{
    public static void Check(ProgramNode program, BodyChecker body, CheckerDiagnostics diagnostics)
    {
        if (SyntaxChildren.Descendants(program).Any(n => n is ImportDecl))
        {
            return;
        }

        var declared = DeclaredNames.Collect(program);
        foreach (var (call, name) in body.UnresolvedCalls)
        {
            if (KnownBuiltins.Contains(name) || declared.Contains(name))
            {
                continue;
            }

            string? suggestion = NameSuggestions.Closest(name, KnownBuiltins.Names.Concat(declared));
            string message = $"call target `{name}` is not defined or imported";
            diagnostics.Report(call, suggestion is null ? message : $"{message} (did you mean `{suggestion}`?)");
        }
    }
}
