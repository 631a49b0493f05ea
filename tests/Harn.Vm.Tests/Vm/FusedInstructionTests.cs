using Harn.Runtime;
using Xunit;

namespace Harn.Vm.Tests.Vm;

/// <summary>
/// The fused instructions (compare-and-branch, arithmetic with a constant or local operand,
/// in-place local updates) behave exactly as the sequences they replace, for every kind of value.
/// </summary>
public class FusedInstructionTests
{
    [Theory]
    [InlineData("1", "2")]
    [InlineData("2", "2")]
    [InlineData("1.5", "2")]
    [InlineData("2", "1.5")]
    [InlineData("\"a\"", "\"b\"")]
    [InlineData("nil", "1")]
    [InlineData("0.0 / 0.0", "1")]
    public void Conditions_branch_as_the_comparison_values_say(string left, string right)
    {
        var source = $$"""
            pipeline default(task) {
              let a = {{left}}
              for op in ["<", "<=", ">", ">=", "==", "!="] {
                let value = if op == "<" { a < {{right}} } else if op == "<=" { a <= {{right}} } else if op == ">" { a > {{right}} } else if op == ">=" { a >= {{right}} } else if op == "==" { a == {{right}} } else { a != {{right}} }
                var branch = false
                if op == "<" && a < {{right}} { branch = true }
                if op == "<=" && a <= {{right}} { branch = true }
                if op == ">" && a > {{right}} { branch = true }
                if op == ">=" && a >= {{right}} { branch = true }
                if op == "==" && a == {{right}} { branch = true }
                if op == "!=" && a != {{right}} { branch = true }
                var negated = true
                if op == "<" && !(a < {{right}}) { negated = false }
                if op == "<=" && !(a <= {{right}}) { negated = false }
                if op == ">" && !(a > {{right}}) { negated = false }
                if op == ">=" && !(a >= {{right}}) { negated = false }
                if op == "==" && !(a == {{right}}) { negated = false }
                if op == "!=" && !(a != {{right}}) { negated = false }
                println("${op} ${value == branch} ${value == negated}")
              }
            }
            """;
        var output = ScriptRunner.Output(source);
        Assert.Equal("< true true\n<= true true\n> true true\n>= true true\n== true true\n!= true true\n", output);
    }

    [Fact]
    public void Logical_conditions_short_circuit_in_order()
    {
        const string source = """
            pipeline default(task) {
              fn t(name) {
                println(name)
                return true
              }
              fn f(name) {
                println(name)
                return false
              }
              if f("a") && t("b") { println("no") } else { println("else1") }
              if t("c") || f("d") { println("then2") }
              if !(f("e") || f("g")) && t("h") { println("then3") }
              while f("w") && t("never") {}
              if nil || 0 || "" { println("no") } else { println("else4") }
            }
            """;
        Assert.Equal("a\nelse1\nc\nthen2\ne\ng\nh\nthen3\nw\nelse4\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void An_error_of_a_fused_instruction_reads_as_the_plain_one()
    {
        // `[1][0]` is no literal, so the reference line compiles to the plain Add.
        var plain = ScriptRunner.Fail("pipeline default(task) {\n  let a = {x: 1}\n  let v = a + [1][0]\n}\n");
        var fused = ScriptRunner.Fail("pipeline default(task) {\n  let a = {x: 1}\n  let v = a + 1\n}\n");
        Assert.Equal(plain.Message, fused.Message);
        Assert.Equal((3, plain.Column), (fused.Line, fused.Column));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2.5")]
    [InlineData("\"s\"")]
    [InlineData("[1]")]
    [InlineData("nil")]
    public void Arithmetic_with_constants_and_locals_matches_the_plain_operators(string start)
    {
        // `boxed` is captured by a closure, so the compiler cannot fuse its updates: it is the reference.
        var source = $$"""
            pipeline default(task) {
              var plain = {{start}}
              var boxed = {{start}}
              let read = { -> boxed }
              let other = 3
              let otherBoxed = 3
              let readOther = { -> otherBoxed }
              for step in ["+1", "-1", "*2", "%2", "+local", "+=1", "-=1", "=+1", "=-1"] {
                let a = try {
                  if step == "+1" { plain + 1 } else if step == "-1" { plain - 1 } else if step == "*2" { plain * 2 } else if step == "%2" { plain % 2 } else if step == "+local" { plain + other } else if step == "+=1" { plain += 1
                    plain } else if step == "-=1" { plain -= 1
                    plain } else if step == "=+1" { plain = plain + 1
                    plain } else { plain = plain - 1
                    plain }
                } catch (e) { "error: ${e}" }
                let b = try {
                  if step == "+1" { boxed + 1 } else if step == "-1" { boxed - 1 } else if step == "*2" { boxed * 2 } else if step == "%2" { boxed % 2 } else if step == "+local" { boxed + otherBoxed } else if step == "+=1" { boxed = boxed + 1
                    boxed } else if step == "-=1" { boxed = boxed - 1
                    boxed } else if step == "=+1" { boxed = boxed + 1
                    boxed } else { boxed = boxed - 1
                    boxed }
                } catch (e) { "error: ${e}" }
                println("${step}: ${a == b}")
              }
            }
            """;
        var output = ScriptRunner.Output(source);
        Assert.DoesNotContain("false", output);
        Assert.Equal(9, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Int_loops_count_exactly()
    {
        const string source = """
            pipeline default(task) {
              var i = 0
              var total = 0
              var hits = 0
              while i < 1000 {
                total = total + (i + 3) * 2 - 1
                if i >= 10 && i <= 20 || i == 500 { hits += 1 }
                i = i + 1
              }
              println("${total} ${hits}")
            }
            """;
        Assert.Equal("1004000 12\n", ScriptRunner.Output(source));
    }

    [Fact]
    public void A_statement_if_leaves_no_value_behind()
    {
        const string source = """
            pipeline default(task) {
              var n = 0
              for i in range(0, 10) {
                if i % 2 == 0 { n += 1 } else if i == 3 { n += 10 } else { n -= 1 }
              }
              println(n)
            }
            """;
        Assert.Equal("11\n", ScriptRunner.Output(source));
    }
}
