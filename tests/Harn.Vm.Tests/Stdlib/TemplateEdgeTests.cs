using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the template builtins (<c>Templates</c>): empty templates, missing bindings, wrong types, Unicode filters.</summary>
public sealed class TemplateEdgeTests
{
    [Fact]
    public void EmptyTemplatesAndMissingBindings()
    {
        Prints("""
            println(render_string("", {}) == "")
            println(render_string("{{ x }}", {}))
            println(render_string("{{ x | default: \"d\" }}", {}))
            println(render_string("{{ for i in xs }}{{ i }}{{ else }}none{{ end }}", {xs: []}))
            """,
            "true", "{{ x }}", "d", "none");
    }

    [Fact]
    public void FiltersCountAndCaseUnicode()
    {
        Prints("""
            println(render_string("{{ x | upper }}", {x: "é"}))
            println(render_string("{{ x | length }}", {x: "héllo"}))
            """,
            "É", "5");
    }

    [Fact]
    public void ErrorsNameThePosition()
    {
        Fails("render_string(5, {})", "Type error: render_string: expected a string, got int");
        Fails("render_string(\"{{ if }}\", {})", "Thrown: <inline> at 1:1: expected an expression");
        Fails("render_string(\"{{ x | nosuch }}\", {x: 1})", "Thrown: <inline> at 1:1: unknown filter `nosuch`");
        Fails("render_string(\"{{ include \\\"nope.prompt\\\" }}\", {})", "Thrown: <inline> at 1:1: failed to read included template nope.prompt");
    }
}
