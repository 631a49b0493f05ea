using Harn.Syntax;
using Xunit;
using static Harn.Vm.Tests.Syntax.ParserTestHelpers;

namespace Harn.Vm.Tests.Syntax;

public sealed class ParserDiagnosticTests
{
    [Fact]
    public void Missing_close_brace_reports_end_of_file()
    {
        Assert.Equal(["2:1 Unexpected end of file, expected }"], Errors("pipeline p(x) {\n"));
    }

    [Fact]
    public void Missing_expression_at_end_of_file()
    {
        Assert.Equal(["2:1 Unexpected end of file, expected expression"], Errors("let x =\n"));
    }

    [Fact]
    public void Parser_recovers_and_reports_every_bad_statement()
    {
        Assert.Equal(
            ["2:11 Expected expression, got ) at 2:11", "4:11 Expected expression, got ) at 4:11"],
            Errors("pipeline test(task) {\n  let x = )\n  let y = 42\n  let z = )\n  log(y)\n}"));
    }

    [Fact]
    public void Required_parameter_after_default_is_rejected()
    {
        Assert.Equal(
            ["1:16 Required parameter cannot follow a parameter with a default value at 1:16"],
            Errors("fn bad(x = 10, y) {\n  log(x + y)\n}"));
    }

    [Fact]
    public void Empty_statement_between_semicolons_is_rejected()
    {
        Assert.Equal(["2:14 Expected expression, got ; at 2:14"], Errors("pipeline test(task) {\n  log(\"one\");; log(\"two\")\n}"));
    }

    [Fact]
    public void Semicolon_cannot_separate_if_from_else_or_try_from_catch()
    {
        Assert.Equal(["4:6 Expected expression, got else at 4:6"], Errors("pipeline t() {\n  if true {\n    log(1)\n  }; else {\n    log(2)\n  }\n}"));
        Assert.Equal(["4:6 Expected expression, got catch at 4:6"], Errors("pipeline t() {\n  try {\n    log(1)\n  }; catch {\n    log(2)\n  }\n}"));
    }

    [Fact]
    public void Two_statements_on_one_line_need_a_separator()
    {
        Assert.Equal(["1:11 Expected statement separator (`;` or newline), got let at 1:11"], Errors("let x = 1 let y = 2"));
    }

    [Fact]
    public void Invalid_assignment_target()
    {
        Assert.Equal(["1:6 Invalid assignment target at 1:6"], Errors("f(x) = 1"));
    }

    [Fact]
    public void Attributes_must_precede_a_declaration()
    {
        Assert.Equal(["2:1 Expected declaration after attribute, got let at 2:1"], Errors("@test\nlet x = 1"));
    }

    [Fact]
    public void Lexer_errors_are_reported_with_position()
    {
        Assert.Equal(["2:11 Unexpected character '`' at 2:11"], Errors("pipeline test(task) {\n  let x = `\n}"));
    }

    [Fact]
    public void Errors_inside_interpolation_point_into_the_string()
    {
        Assert.Equal(["1:15 Expected expression, got ) at 1:15"], Errors("let s = \"a ${ )}\""));
    }

    [Fact]
    public void Error_in_a_nested_block_does_not_hide_later_statements()
    {
        Assert.Equal(
            ["2:18 Expected expression, got } at 2:18", "3:11 Expected expression, got ] at 3:11"],
            Errors("fn f() {\n  if x { let y = }\n  let z = ]\n}"));
    }

    [Fact]
    public void Hundred_thousand_nested_parentheses_give_a_diagnostic_not_a_crash()
    {
        string source = "let x = " + new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.Equal([$"1:136 Nesting too deep: more than {Parser.MaxNestingDepth} levels"], Errors(source));
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("if x { ", "}")]
    [InlineData("!", "")]
    [InlineData("f(", ")")]
    [InlineData("fn() { ", "}")]
    [InlineData("match x { 1 -> ", "}")]
    public void Deep_nesting_of_any_construct_is_rejected(string open, string close)
    {
        string source = "let x = " + string.Concat(Enumerable.Repeat(open, 50_000)) + "1" + string.Concat(Enumerable.Repeat(close, 50_000));
        var errors = Errors(source);
        Assert.Contains("Nesting too deep", Assert.Single(errors));
    }

    [Fact]
    public void Nesting_below_the_limit_parses()
    {
        string source = "let x = " + new string('(', 100) + "1" + new string(')', 100);
        Assert.Empty(Errors(source));
    }

    [Fact]
    public void Very_long_operator_chains_are_rejected_without_crashing()
    {
        string source = "let x = 1" + string.Concat(Enumerable.Repeat(" + 1", Parser.MaxChainLength + 1));
        Assert.Contains("Expression too long", Assert.Single(Errors(source)));
    }

    [Fact]
    public void Diagnostics_are_capped()
    {
        string source = string.Concat(Enumerable.Repeat("let x = )\n", 1000));
        Assert.Equal(100, Errors(source).Length);
    }
}
