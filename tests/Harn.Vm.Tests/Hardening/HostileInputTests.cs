using System.Text;
using Harn.Hosting;
using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Hardening;

/// <summary>
/// Pathological sources run on the test's own (ordinary-sized) thread stack: each must give a
/// clear compile error or run correctly. A missing depth guard shows as a crashed test host.
/// </summary>
public sealed class HostileInputTests
{
    private const int Deep = 100_000;

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static HarnDiagnostic FirstDiagnostic(string source)
    {
        var error = Assert.Throws<HarnCompileException>(() => HarnScript.Compile(source));
        return error.Diagnostics[0];
    }

    private static string Run(string source)
    {
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source), new HarnRunOptions { Output = (_, text) => output.Append(text) });
        return output.ToString();
    }

    [Fact]
    public void Hundred_thousand_nested_parentheses_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x = " + Repeat("(", Deep) + "1" + Repeat(")", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
        Assert.Equal(1, diagnostic.Line);
    }

    [Fact]
    public void Hundred_thousand_nested_brackets_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x = " + Repeat("[", Deep) + Repeat("]", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_dict_braces_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x = " + Repeat("{a: ", Deep) + "1" + Repeat("}", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_bare_braces_are_a_syntax_error()
    {
        var diagnostic = FirstDiagnostic(Repeat("{", Deep) + Repeat("}", Deep) + "\n");
        Assert.Equal("Expected dict key, got { at 1:2", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_blocks_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic(Repeat("while true {\n", Deep) + Repeat("}\n", Deep));
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_ifs_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic(Repeat("if true {\n", Deep) + "log(1)\n" + Repeat("}\n", Deep));
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_closures_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let f = " + Repeat("{ x -> ", Deep) + "x" + Repeat(" }", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_fn_literals_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let f = " + Repeat("fn() { return ", Deep) + "1" + Repeat(" }", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Hundred_thousand_nested_matches_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x = " + Repeat("match 1 { _ -> ", Deep) + "1" + Repeat(" }", Deep) + "\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Deeply_nested_list_patterns_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x = match [] { " + Repeat("[", Deep) + Repeat("]", Deep) + " -> 1\n _ -> 2 }\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Deeply_nested_types_are_a_nesting_error()
    {
        var diagnostic = FirstDiagnostic("let x: " + Repeat("list<", Deep) + "int" + Repeat(">", Deep) + " = []\n");
        Assert.Equal("Nesting too deep: more than 256 levels", diagnostic.Message);
    }

    [Fact]
    public void Nesting_just_under_the_limit_runs()
    {
        Assert.Equal("1\n", SmallStack.Run(() => Run("println(" + Repeat("(", 100) + "1" + Repeat(")", 100) + ")\n")));
        Assert.Equal("ok\n", SmallStack.Run(() => Run(Repeat("if true {\n", 60) + "println(\"ok\")\n" + Repeat("}\n", 60))));
        Assert.Equal("3\n", SmallStack.Run(() => Run("let f = " + Repeat("{ x -> ", 60) + "x" + Repeat(" }", 60) + "\nprintln(3)\n")));
        Assert.Equal("[[[1]]]\n", SmallStack.Run(() => Run("println(" + Repeat("[", 3) + "1" + Repeat("]", 3) + ")\n")));
    }

    [Theory]
    [InlineData(" + 1")]
    [InlineData(" + \"a\"")]
    [InlineData(" && true")]
    [InlineData(" || false")]
    [InlineData(" * 1")]
    [InlineData(" == 1")]
    [InlineData(" ?? 1")]
    [InlineData(" |> id")]
    [InlineData(".trim()")]
    [InlineData("[0]")]
    [InlineData("(1)")]
    public void Hundred_thousand_chained_operations_are_an_expression_length_error(string link)
    {
        var diagnostic = FirstDiagnostic("fn id(x) { return x }\nprintln(1" + Repeat(link, Deep) + ")\n");
        Assert.Equal("Expression too long: more than 4096 chained operations", diagnostic.Message);
        Assert.Equal(2, diagnostic.Line);
    }

    [Theory]
    [InlineData("println(1", " + 1", ")", "4097")]
    [InlineData("println(len(\"\"", " + \"a\"", "))", "4096")]
    [InlineData("println(true", " && true", ")", "true")]
    [InlineData("println(\" x \"", ".trim()", ")", "x")]
    [InlineData("fn id(x) { return x }\nprintln(5", " |> id", ")", "5")]
    [InlineData("println(1", " ?? 2", ")", "1")]
    public void The_longest_allowed_chains_compile_and_run_on_the_module_worker_stack(string prefix, string link, string suffix, string expected)
    {
        var source = prefix + Repeat(link, 4096) + suffix + "\n";
        Assert.Equal(expected + "\n", SmallStack.Run(() => Run(source), SmallStack.ModuleWorkerBytes));
    }

    [Fact]
    public void Chains_too_deep_for_a_small_stack_are_a_clear_compile_error()
    {
        // A quarter-megabyte stack: far below any host's, so the guard must trip whatever the JIT's frame sizes.
        var error = Assert.Throws<HarnCompileException>(() => SmallStack.Run(() => Run("println(true" + Repeat(" && true", 4096) + ")\n"), 256 * 1024));
        Assert.Equal("Compile error: program is nested too deeply", error.Diagnostics[0].Message);
    }

    [Fact]
    public void Ten_megabyte_source_compiles_and_runs()
    {
        // Ten thousand statements each carrying a kilobyte of data: the size of a large generated file.
        var line = "s = \"" + new string('d', 1000) + "\"\nn = n + 1\n";
        var count = 10 * 1024 * 1024 / line.Length;
        Assert.Equal($"{count} 1000\n", Run("var s = \"\"\nvar n = 0\n" + Repeat(line, count) + "println(\"${n} ${len(s)}\")\n"));
    }

    [Fact]
    public void Fifty_thousand_statements_compile_and_run()
    {
        Assert.Equal("50000\n", Run("var x = 0\n" + Repeat("x = x + 1\n", 50_000) + "println(x)\n"));
    }

    [Fact]
    public void One_megabyte_string_literal_runs()
    {
        Assert.Equal($"{1024 * 1024}\n", Run("let s = \"" + new string('a', 1024 * 1024) + "\"\nprintln(len(s))\n"));
    }

    [Fact]
    public void Invalid_utf8_decodes_to_replacement_characters_and_runs()
    {
        byte[] bytes = [.. "println(\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\")\n"u8];
        var source = Encoding.UTF8.GetString(bytes);
        Assert.Equal("\uFFFD(\uFFFD\uFFFD\n", Run(source));
    }

    [Fact]
    public void Invalid_utf8_outside_strings_is_a_syntax_error()
    {
        var source = Encoding.UTF8.GetString([0xFF, 0xFE, .. "println(1)\n"u8]);
        var diagnostic = FirstDiagnostic(source);
        Assert.Equal(1, diagnostic.Line);
        Assert.Equal(1, diagnostic.Column);
    }

    [Fact]
    public void Lone_surrogates_in_strings_do_not_crash_string_builtins()
    {
        const string Source = "let s = \"a\uD800b\"\nprintln(len(s) == len(s.upper()))\nprintln(type_of(json_stringify(s)))\nprintln(type_of(s.reverse()))\nprintln(type_of(s.split(\"\")))\n";
        Assert.Equal("true\nstring\nstring\nlist\n", Run(Source));
    }

    [Fact]
    public void Nul_bytes_in_a_string_literal_are_kept()
    {
        Assert.Equal("3\n", Run("println(len(\"a\0b\"))\n"));
    }

    [Fact]
    public void Nul_bytes_in_code_are_a_syntax_error()
    {
        var diagnostic = FirstDiagnostic("println(1)\n\0\0\0\n");
        Assert.Equal(2, diagnostic.Line);
        Assert.Equal(1, diagnostic.Column);
    }

    [Fact]
    public void Deep_harn_recursion_is_a_catchable_stack_overflow_at_the_configured_depth()
    {
        const string Source = """
            fn down(n) { return 1 + down(n + 1) }
            var reached = 0
            fn count(n) {
              reached = n
              return 1 + count(n + 1)
            }
            try { down(0) } catch e { println(e) }
            try { count(1) } catch e { println(reached) }
            """;
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(Source), new HarnRunOptions { Output = (_, text) => output.Append(text), MaxCallDepth = 100 });
        Assert.Equal("Stack overflow: too many nested calls\n99\n", output.ToString());
    }

    [Fact]
    public void Uncaught_deep_recursion_reaches_the_host_as_stack_overflow()
    {
        var error = Assert.Throws<HarnRuntimeException>(() => Run("fn down(n) { return 1 + down(n + 1) }\ndown(0)\n"));
        Assert.Equal(ErrorKind.StackOverflow, error.Kind);
        Assert.Equal(1, error.Line);
    }
}
