using Harn.Checker;
using Harn.Hosting;
using Harn.Syntax;
using Xunit;

namespace Harn.Vm.Tests.Checker;

public sealed class TypeCheckerTests
{
    private static IReadOnlyList<HarnDiagnostic> Check(string source)
    {
        var parsed = Parser.Parse(source, "test.harn");
        Assert.Empty(parsed.Diagnostics);
        return TypeChecker.Check(parsed.Program, "test.harn");
    }

    private static void AssertSingle(string source, string message, int line, int column)
    {
        var diagnostic = Assert.Single(Check(source));
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));
        Assert.Equal("test.harn", diagnostic.File);
    }

    private static void AssertClean(string source) => Assert.Empty(Check(source));

    [Fact]
    public void Let_annotation_mismatch_names_both_types()
    {
        AssertSingle("let x: int = \"no\"", "Type mismatch: 'x' declared as int, but assigned string", 1, 1);
    }

    [Fact]
    public void Shape_annotation_reports_missing_and_wrong_fields()
    {
        AssertSingle(
            "let u: {name: string, age: int} = {age: 30}",
            "Type mismatch: 'u' declared as {name: string, age: int}, but assigned {age: int}", 1, 1);
        AssertSingle(
            "let u: {name: string, age: int} = {name: 42, age: 30}",
            "Type mismatch: 'u' declared as {name: string, age: int}, but assigned {name: int, age: int}", 1, 1);
    }

    [Fact]
    public void Shapes_allow_extra_and_missing_optional_fields_and_int_to_float()
    {
        AssertClean("let u: {name: string} = {name: \"a\", age: 3}");
        AssertClean("let c: {host: string, port?: int} = {host: \"h\"}");
        AssertClean("let f: float = 1\nlet xs: list<float> = [1, 2.5]\nlet d: dict<string, int> = {a: 1}");
    }

    [Fact]
    public void Lists_are_invariant_once_stored()
    {
        AssertSingle(
            "let xs: list<int> = [1]\nlet ys: list<float> = xs",
            "Type mismatch: 'ys' declared as list<float>, but assigned list<int>", 2, 1);
    }

    [Fact]
    public void Argument_types_are_checked_against_annotated_parameters()
    {
        AssertSingle(
            "fn add(a: int, b: int) -> int { return a + b }\nadd(\"x\", 2)",
            "Argument 1 ('a'): expected int, got string", 2, 5);
    }

    [Fact]
    public void Return_type_is_checked()
    {
        AssertSingle(
            "fn f() -> int {\n  return \"s\"\n}",
            "return type doesn't match: expected int, got string", 2, 3);
        AssertSingle(
            "pipeline p(task) -> int {\n  return \"s\"\n}",
            "return type doesn't match: expected int, got string", 2, 3);
    }

    [Theory]
    [InlineData("log(true + false)", "can't add bool and bool")]
    [InlineData("log(\"a\" + 1)", "can't add string and int")]
    [InlineData("log(true * 5)", "can't multiply bool and int (try string * int)")]
    [InlineData("log(\"a\" - \"b\")", "can't use '-' on string and string (needs numeric operands)")]
    [InlineData("log(nil / 2)", "can't use '/' on nil and int (needs numeric operands)")]
    public void Arithmetic_on_known_incompatible_operands_is_reported(string source, string message)
    {
        AssertSingle(source, message, 1, 5);
    }

    [Fact]
    public void Valid_arithmetic_is_accepted()
    {
        AssertClean("log(1 + 2.5)\nlog(\"a\" + \"b\")\nlog(\"ab\" * 3)\nlog(3 * \"ab\")\nlog([1] + [2])\nlog({a: 1} + {b: 2})");
    }

    [Fact]
    public void Let_inferred_types_flow_into_operators()
    {
        AssertSingle("let x = true\nlog(x + 1)", "can't add bool and int", 2, 5);
    }

    [Fact]
    public void Unknown_call_targets_are_reported_with_a_suggestion()
    {
        AssertSingle("nonexistent_function()", "call target `nonexistent_function` is not defined or imported", 1, 1);
        AssertSingle("printl(\"hi\")", "call target `printl` is not defined or imported (did you mean `print`?)", 1, 1);
        AssertSingle("fn helper() { }\nhelpr()", "call target `helpr` is not defined or imported (did you mean `helper`?)", 2, 1);
    }

    [Fact]
    public void Call_targets_from_imports_bindings_and_declarations_are_not_reported()
    {
        AssertClean("import \"lib\"\nhelper()");
        AssertClean("let f = { x -> x }\nf(1)\nstruct P { x: int }\nP({x: 1})\nlater()\nfn later() { }");
        AssertClean("pipeline p(task) {\n  g()\n}\nfn outer() {\n  let g = { -> 1 }\n}");
    }

    [Fact]
    public void Redeclaring_a_let_in_the_same_scope_is_reported()
    {
        AssertSingle(
            "let x = 1\nlet x = 2",
            "Cannot redeclare immutable variable 'x' in the same scope (use 'var' for mutable bindings)", 2, 1);
        AssertClean("let x = 1\nif true {\n  let x = 2\n}\nvar y = 1\nvar y = 2\nlet _ = 1\nlet _ = 2");
    }

    [Fact]
    public void Tagged_shape_union_match_must_cover_every_variant()
    {
        const string Union = "type Msg = {kind: \"ping\", ttl: int} | {kind: \"pong\", ms: int}\nlet m: Msg = {kind: \"ping\", ttl: 5}\n";
        AssertSingle(
            Union + "match m.kind {\n  \"ping\" -> { log(1) }\n}",
            "Non-exhaustive match on tagged shape union: missing variants \"pong\"", 3, 1);
        AssertClean(Union + "match m.kind {\n  \"ping\" -> { log(1) }\n  _ -> { log(2) }\n}");
        AssertClean(Union + "match m.kind {\n  \"ping\" | \"pong\" -> { log(1) }\n}");
    }

    [Fact]
    public void Match_on_a_narrowed_variable_is_not_checked_for_coverage()
    {
        AssertClean(
            "type Msg = {kind: \"a\", x: int} | {kind: \"b\", y: int}\n"
            + "fn f(m: Msg) {\n  if m.kind == \"b\" { return }\n  match m.kind {\n    \"a\" -> { log(1) }\n  }\n}");
    }

    [Fact]
    public void Interface_constraints_check_method_signatures()
    {
        const string Program = """
            interface Sizable {
              fn size(self) -> int
            }
            struct Box {
              w: int
            }
            impl Box {
              fn size(self) -> string {
                return "x"
              }
            }
            fn measure<T>(item: T) where T: Sizable {
              log(item.size())
            }
            measure(Box({w: 3}))
            """;
        AssertSingle(Program, "Type 'Box' does not satisfy interface 'Sizable': method 'size' returns string, expected int", 15, 9);
        AssertClean(Program.Replace("-> string {", "-> int {", StringComparison.Ordinal).Replace("\"x\"", "1", StringComparison.Ordinal));
    }

    [Fact]
    public void Interface_typed_parameter_reports_missing_method_and_associated_type()
    {
        AssertSingle(
            "interface Show {\n  fn show(self) -> string\n}\nstruct Dog { }\nfn f(x: Show) { }\nf(Dog {})",
            "Type 'Dog' does not satisfy interface 'Show': missing method 'show'", 6, 3);
        AssertSingle(
            "interface C {\n  type Item = int\n  fn get(self) -> Item\n}\nstruct L { }\nimpl L {\n  fn get(self) -> string { return \"\" }\n}\nfn f(x: C) { }\nf(L {})",
            "Type 'L' does not satisfy interface 'C': associated type 'Item' resolves to 'string', expected 'int'", 10, 3);
    }

    [Fact]
    public void Declaration_site_variance_is_checked()
    {
        AssertSingle(
            "type Box<out T> = fn(T) -> int",
            "type parameter 'T' is declared 'out' (covariant) but appears in a contravariant position in type alias 'Box'", 1, 1);
        AssertSingle(
            "interface Producer<in T> {\n  fn next() -> T\n}",
            "type parameter 'T' is declared 'in' (contravariant) but appears in a covariant position in interface 'Producer'", 2, 3);
        AssertClean("type Reader<out T> = fn() -> T\ntype Sink<in T> = fn(T) -> int");
    }

    [Fact]
    public void Streams_and_generators_are_distinct()
    {
        AssertSingle(
            "gen fn values() -> Stream<int> {\n  emit 1\n}\nlet g: Generator<int> = values()",
            "Type mismatch: 'g' declared as Generator<int>, but assigned Stream<int>", 4, 1);
        AssertSingle(
            "gen fn values() -> Stream<int> {\n  yield 1\n}",
            "`yield` is not allowed in a `gen fn`; use `emit` inside `gen fn`", 2, 3);
    }

    [Fact]
    public void Iterators_are_not_lists()
    {
        AssertSingle(
            "let xs: list<int> = iter([1, 2]).map({ x -> x + 1 })",
            "Type mismatch: 'xs' declared as list<int>, but assigned iter", 1, 1);
    }

    [Fact]
    public void Function_types_are_contravariant_in_parameters()
    {
        AssertClean("let wide = fn(x: float) { return 0 }\nlet cb: fn(int) -> int = wide");
        AssertSingle(
            "let narrow = fn(x: int) -> int { return 0 }\nlet cb: fn(float) -> int = narrow",
            "Type mismatch: 'cb' declared as fn(float) -> int, but assigned fn(int) -> int", 2, 1);
    }

    [Fact]
    public void Gradual_values_are_never_flagged()
    {
        AssertClean("""
            fn f(x: string | nil) -> string {
              if x != nil {
                return x
              }
              return "none"
            }
            let a: any = 1
            let s: string = a
            let u: unknown = 1
            var v = nil
            v = "set"
            let w: string = v
            let d = json_parse("{}")
            let n: int = d.count
            let lit: "pass" | "fail" = "pass"
            let score: 0 | 1 = 1
            """);
    }

    [Fact]
    public void Returns_are_checked_against_the_innermost_function_like_body()
    {
        AssertClean("fn f() -> int {\n  let xs = parallel each [1] { x -> return \"s\" }\n  let g = { -> return \"t\" }\n  return 1\n}");
        AssertSingle(
            "let g = fn() -> int { return \"t\" }",
            "return type doesn't match: expected int, got string", 1, 23);
    }

    [Fact]
    public void Shape_typed_parameters_give_their_fields_types()
    {
        AssertSingle(
            "fn f(u: {name: string}) {\n  log(u.name - 1)\n}",
            "can't use '-' on string and int (needs numeric operands)", 2, 7);
        AssertClean("struct P { x: int }\nlet p = P({x: \"not checked at construction\"})\nlog(p.x + \"!\")");
    }

    [Fact]
    public void Deeply_nested_input_does_not_exhaust_the_stack()
    {
        string chain = "log(" + string.Join(" + ", Enumerable.Repeat("1", 4000)) + ")";
        string nested = string.Concat(Enumerable.Repeat("if true {\n", 80)) + "log(1)\n" + string.Concat(Enumerable.Repeat("}\n", 80));
        string calls = "let x = " + string.Concat(Enumerable.Repeat("log(", 80)) + "1" + new string(')', 80);
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    Assert.Empty(Check(chain));
                    Assert.Empty(Check(nested));
                    Assert.Empty(Check(calls));
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            512 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }
}
