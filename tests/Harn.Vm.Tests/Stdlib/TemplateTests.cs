using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class TemplateTests
{
    private readonly TestBuiltinContext _ctx = new();

    private string Render(string template, Value bindings) => _ctx.Show("render_string", S(template), bindings);

    [Fact]
    public void Interpolation_and_bare_name_passthrough()
    {
        Assert.Equal("Hi Ada, {{missing}} / ", Render("Hi {{ name }}, {{missing}} / {{ user.nope }}", D(("name", S("Ada")))));
        Assert.Equal("admin ops", Render("{{ u.tags[0] }} {{ u.tags[-1] }}", D(("u", D(("tags", L(S("admin"), S("dev"), S("ops"))))))));
    }

    [Fact]
    public void Conditionals_and_loops()
    {
        var template = "{{if n > 10}}big{{elif n > 0 and on}}some{{else}}none{{end}}";
        Assert.Equal("some", Render(template, D(("n", I(5)), ("on", B(true)))));
        Assert.Equal("none", Render(template, D(("n", I(5)), ("on", B(false)))));
        Assert.Equal("1.a,2.b", Render("{{for x in xs}}{{loop.index}}.{{x}}{{if !loop.last}},{{end}}{{end}}", D(("xs", L(S("a"), S("b"))))));
        Assert.Equal("(none)", Render("{{for x in xs}}{{x}}{{else}}(none){{end}}", D(("xs", L()))));
        Assert.Equal("a=1;b=2;", Render("{{for k, v in m}}{{k}}={{v}};{{end}}", D(("m", D(("b", I(2)), ("a", I(1)))))));
    }

    [Fact]
    public void Filters()
    {
        var bindings = D(("name", S("ada")), ("items", L(S("x"), S("y"))), ("phrase", S("hello big world")), ("block", S("a\nb")));
        Assert.Equal("ADA|x, y|2|x|y|Hello Big World|anon", Render(
            "{{name | upper}}|{{items | join: \", \"}}|{{items | length}}|{{items | first}}|{{items | last}}|{{phrase | title}}|{{missing | default: \"anon\"}}",
            bindings));
        Assert.Equal("[\"x\",\"y\"]", Render("{{items | json}}", bindings));
        Assert.Equal("a\n  b", Render("{{block | indent: 2}}", bindings));
        Assert.Equal(
            "Thrown: <inline> at 1:1: unknown filter `shout`",
            Assert.Throws<HarnRuntimeException>(() => Render("{{ name | shout }}", bindings)).Message);
    }

    [Fact]
    public void Comments_raw_blocks_and_trim_markers()
    {
        Assert.Equal("BeforeAfter", Render("Before{{# note #}}After", D()));
        Assert.Equal("Raw: {{ x }} {{if y}}", Render("Raw: {{ raw }}{{ x }} {{if y}}{{ endraw }}", D()));
        Assert.Equal("Items:  a,  b,DONE", Render("Items:\n{{- for x in xs -}}\n  {{ x }},\n{{- end -}}\nDONE", D(("xs", L(S("a"), S("b"))))));
    }

    [Fact]
    public void Syntax_errors_are_thrown_with_positions()
    {
        Assert.Equal("Thrown: <inline> at 2:1: unterminated directive", Assert.Throws<HarnRuntimeException>(() => Render("ab\n{{ x", D())).Message);
        Assert.Equal("Thrown: <inline> at 1:1: unterminated `if` block", Assert.Throws<HarnRuntimeException>(() => Render("{{if x}}y", D())).Message);
        Assert.Equal("Thrown: <inline> at 1:1: unterminated comment", Assert.Throws<HarnRuntimeException>(() => Render("{{# x", D())).Message);
    }

    [Fact]
    public void Pathological_nesting_fails_cleanly()
    {
        var deepIf = string.Concat(Enumerable.Repeat("{{if x}}", 100_000));
        Assert.Contains("nested too deeply", Assert.Throws<HarnRuntimeException>(() => Render(deepIf, D())).Message, StringComparison.Ordinal);
        var deepNot = "{{ " + string.Concat(Enumerable.Repeat("not ", 100_000)) + "x }}";
        Assert.Equal("false", Render(deepNot, D())); // an even run of `not` is a truth test of nil
        var deepDict = "{{ include \"x\" with " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + " }}";
        Assert.Contains("nested too deeply", Assert.Throws<HarnRuntimeException>(() => Render(deepDict, D())).Message, StringComparison.Ordinal);
        var deepJq = string.Concat(Enumerable.Repeat("not ", 100_000)) + ".";
        Assert.Contains("nested too deeply", Assert.Throws<HarnRuntimeException>(() => _ctx.Call("jq", D(), S(deepJq))).Message, StringComparison.Ordinal);
    }
}
