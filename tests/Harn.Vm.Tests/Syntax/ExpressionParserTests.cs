using Xunit;
using static Harn.Vm.Tests.Syntax.ParserTestHelpers;

namespace Harn.Vm.Tests.Syntax;

public sealed class ExpressionParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(BinaryExpr Add (IntLiteral 1) (BinaryExpr Multiply (IntLiteral 2) (IntLiteral 3)))")]
    [InlineData("1 - 2 - 3", "(BinaryExpr Subtract (BinaryExpr Subtract (IntLiteral 1) (IntLiteral 2)) (IntLiteral 3))")]
    [InlineData("2 ** 3 ** 2", "(BinaryExpr Power (IntLiteral 2) (BinaryExpr Power (IntLiteral 3) (IntLiteral 2)))")]
    [InlineData("-a ** 2", "(BinaryExpr Power (UnaryExpr Negate (Identifier \"a\")) (IntLiteral 2))")]
    [InlineData("a ?? b * c", "(BinaryExpr NilCoalesce (Identifier \"a\") (BinaryExpr Multiply (Identifier \"b\") (Identifier \"c\")))")]
    [InlineData("a + b ?? c", "(BinaryExpr Add (Identifier \"a\") (BinaryExpr NilCoalesce (Identifier \"b\") (Identifier \"c\")))")]
    [InlineData("a < b == c > d", "(BinaryExpr Equal (BinaryExpr Less (Identifier \"a\") (Identifier \"b\")) (BinaryExpr Greater (Identifier \"c\") (Identifier \"d\")))")]
    [InlineData("a || b && c", "(BinaryExpr Or (Identifier \"a\") (BinaryExpr And (Identifier \"b\") (Identifier \"c\")))")]
    [InlineData("x in xs && y not in ys", "(BinaryExpr And (BinaryExpr In (Identifier \"x\") (Identifier \"xs\")) (BinaryExpr NotIn (Identifier \"y\") (Identifier \"ys\")))")]
    [InlineData("!a == b", "(BinaryExpr Equal (UnaryExpr Not (Identifier \"a\")) (Identifier \"b\"))")]
    [InlineData("c ? a : b ? d : e", "(TernaryExpr (Identifier \"c\") (Identifier \"a\") (TernaryExpr (Identifier \"b\") (Identifier \"d\") (Identifier \"e\")))")]
    [InlineData("a || b ? 1 : 2", "(TernaryExpr (BinaryExpr Or (Identifier \"a\") (Identifier \"b\")) (IntLiteral 1) (IntLiteral 2))")]
    [InlineData("1 to n + 1", "(RangeExpr (IntLiteral 1) (BinaryExpr Add (Identifier \"n\") (IntLiteral 1)))")]
    [InlineData("0 to 4 exclusive", "(RangeExpr (IntLiteral 0) (IntLiteral 4) :IsExclusive)")]
    [InlineData("xs |> f |> g", "(BinaryExpr Pipe (BinaryExpr Pipe (Identifier \"xs\") (Identifier \"f\")) (Identifier \"g\"))")]
    [InlineData("a ?? b |> f", "(BinaryExpr Pipe (BinaryExpr NilCoalesce (Identifier \"a\") (Identifier \"b\")) (Identifier \"f\"))")]
    [InlineData("try* a + b", "(BinaryExpr Add (TryStarExpr (Identifier \"a\")) (Identifier \"b\"))")]
    [InlineData("try* foo.bar(1)", "(TryStarExpr (MethodCallExpr (Identifier \"foo\") \"bar\" [(IntLiteral 1)]))")]
    public void Operators_follow_the_precedence_table(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Theory]
    [InlineData("f(1)(2)", "(CallExpr (CallExpr (Identifier \"f\") [(IntLiteral 1)]) [(IntLiteral 2)])")]
    [InlineData("obj.fn_field(x)", "(MethodCallExpr (Identifier \"obj\") \"fn_field\" [(Identifier \"x\")])")]
    [InlineData("(obj.f)(x)", "(CallExpr (MemberExpr (Identifier \"obj\") \"f\") [(Identifier \"x\")])")]
    [InlineData("a?.b?.c(1)", "(MethodCallExpr (MemberExpr (Identifier \"a\") \"b\" :IsOptional) \"c\" [(IntLiteral 1)] :IsOptional)")]
    [InlineData("xs?[0]", "(IndexExpr (Identifier \"xs\") (IntLiteral 0) :IsOptional)")]
    [InlineData("xs[1:3]", "(SliceExpr (Identifier \"xs\") (IntLiteral 1) (IntLiteral 3))")]
    [InlineData("xs[:-2]", "(SliceExpr (Identifier \"xs\") (UnaryExpr Negate (IntLiteral 2)))")]
    [InlineData("xs[2:]", "(SliceExpr (Identifier \"xs\") (IntLiteral 2))")]
    [InlineData("op.type", "(MemberExpr (Identifier \"op\") \"type\")")]
    [InlineData("42.to_string()", "(MethodCallExpr (IntLiteral 42) \"to_string\")")]
    [InlineData("map<int, string>(xs, f)", "(CallExpr (Identifier \"map\") [(NamedType \"int\") (NamedType \"string\")] [(Identifier \"xs\") (Identifier \"f\")])")]
    [InlineData("a < b", "(BinaryExpr Less (Identifier \"a\") (Identifier \"b\"))")]
    [InlineData("f(...xs, 1)", "(CallExpr (Identifier \"f\") [(SpreadExpr (Identifier \"xs\")) (IntLiteral 1)])")]
    [InlineData("divide(a, b)?", "(TryUnwrapExpr (CallExpr (Identifier \"divide\") [(Identifier \"a\") (Identifier \"b\")]))")]
    [InlineData("ok ? -1 : 1", "(TernaryExpr (Identifier \"ok\") (UnaryExpr Negate (IntLiteral 1)) (IntLiteral 1))")]
    [InlineData("Shape.Circle(2.5)", "(MethodCallExpr (Identifier \"Shape\") \"Circle\" [(FloatLiteral 2.5)])")]
    public void Postfix_forms(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Theory]
    [InlineData("{}", "(DictLiteral)")]
    [InlineData("{a: 1, \"b c\": 2, [k]: 3, ...rest}", "(DictLiteral [(DictPair (StringLiteral \"a\") (IntLiteral 1)) (DictPair (StringLiteral \"b c\") (IntLiteral 2)) (DictPair (Identifier \"k\") (IntLiteral 3) :IsComputed) (DictSpread (Identifier \"rest\"))])")]
    [InlineData("{match: 1, for: 2}", "(DictLiteral [(DictPair (StringLiteral \"match\") (IntLiteral 1)) (DictPair (StringLiteral \"for\") (IntLiteral 2))])")]
    [InlineData("{ x -> x * 2 }", "(ClosureExpr [(Parameter \"x\")] (Block [(ExprStmt (BinaryExpr Multiply (Identifier \"x\") (IntLiteral 2)))]))")]
    [InlineData("{ -> 1 }", "(ClosureExpr (Block [(ExprStmt (IntLiteral 1))]))")]
    [InlineData("{ x: int, y = 10 -> x }", "(ClosureExpr [(Parameter \"x\" (NamedType \"int\")) (Parameter \"y\" (IntLiteral 10))] (Block [(ExprStmt (Identifier \"x\"))]))")]
    [InlineData("{handler: { a -> a }}", "(DictLiteral [(DictPair (StringLiteral \"handler\") (ClosureExpr [(Parameter \"a\")] (Block [(ExprStmt (Identifier \"a\"))])))])")]
    [InlineData("{run: fn(a) -> int { a }}", "(DictLiteral [(DictPair (StringLiteral \"run\") (ClosureExpr [(Parameter \"a\")] (NamedType \"int\") (Block [(ExprStmt (Identifier \"a\"))]) :IsFnSyntax))])")]
    [InlineData("[1, ...xs,\n 2,\n]", "(ListLiteral [(IntLiteral 1) (SpreadExpr (Identifier \"xs\")) (IntLiteral 2)])")]
    [InlineData("Point {x: 1, y: 2}", "(StructLiteral \"Point\" [(DictPair (StringLiteral \"x\") (IntLiteral 1)) (DictPair (StringLiteral \"y\") (IntLiteral 2))])")]
    [InlineData("Labels {}", "(StructLiteral \"Labels\")")]
    [InlineData("500ms", "(DurationLiteral 500)")]
    [InlineData("r\"\\d\"", "(StringLiteral \"\\\\d\")")]
    [InlineData("\"a${x + 1}b\"", "(InterpolatedString [(TextPart \"a\") (InterpolationPart (BinaryExpr Add (Identifier \"x\") (IntLiteral 1))) (TextPart \"b\")])")]
    [InlineData("\"${\"in ${y}\"}\"", "(InterpolatedString [(InterpolationPart (InterpolatedString [(TextPart \"in \") (InterpolationPart (Identifier \"y\"))]))])")]
    [InlineData("\"${d[\"k\"]}\"", "(InterpolatedString [(InterpolationPart (IndexExpr (Identifier \"d\") (StringLiteral \"k\")))])")]
    [InlineData("xs |> split(_, \" \")", "(BinaryExpr Pipe (Identifier \"xs\") (CallExpr (Identifier \"split\") [(Identifier \"_\") (StringLiteral \" \")]))")]
    public void Literals_closures_and_struct_literals(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Fact]
    public void Interpolated_expressions_carry_their_position_in_the_file()
    {
        var result = Harn.Syntax.Parser.Parse("log(\"ab${value}\")");
        var call = (Harn.Syntax.CallExpr)((Harn.Syntax.ExprStmt)result.Program.Statements[0]).Expression;
        var text = (Harn.Syntax.InterpolatedString)call.Args[0];
        var part = (Harn.Syntax.InterpolationPart)text.Parts[1];
        Assert.Equal((1, 10), (part.Expression.Span.Line, part.Expression.Span.Column));
    }

    [Theory]
    [InlineData("if a { 1 } else if b { 2 } else { 3 }", "(IfExpr (Identifier \"a\") (Block [(ExprStmt (IntLiteral 1))]) (IfExpr (Identifier \"b\") (Block [(ExprStmt (IntLiteral 2))]) (Block [(ExprStmt (IntLiteral 3))])))")]
    [InlineData("if x == Point { 1 }", "(IfExpr (BinaryExpr Equal (Identifier \"x\") (Identifier \"Point\")) (Block [(ExprStmt (IntLiteral 1))]))")]
    [InlineData("try { a } catch (e: AppError) { b } finally { c }", "(TryExpr (Block [(ExprStmt (Identifier \"a\"))]) (CatchClause \"e\" (NamedType \"AppError\") (Block [(ExprStmt (Identifier \"b\"))])) (Block [(ExprStmt (Identifier \"c\"))]))")]
    [InlineData("try { a } catch e { b }", "(TryExpr (Block [(ExprStmt (Identifier \"a\"))]) (CatchClause \"e\" (Block [(ExprStmt (Identifier \"b\"))])))")]
    [InlineData("try { a }", "(TryExpr (Block [(ExprStmt (Identifier \"a\"))]))")]
    [InlineData("parallel each xs with { max_concurrent: 2 } { x -> x } as stream", "(ParallelExpr Each (Identifier \"xs\") (DictLiteral [(DictPair (StringLiteral \"max_concurrent\") (IntLiteral 2))]) \"x\" (Block [(ExprStmt (Identifier \"x\"))]) :AsStream)")]
    [InlineData("parallel(3) { i -> i }", "(ParallelExpr Count (IntLiteral 3) \"i\" (Block [(ExprStmt (Identifier \"i\"))]))")]
    [InlineData("parallel settle xs { x -> x }", "(ParallelExpr Settle (Identifier \"xs\") \"x\" (Block [(ExprStmt (Identifier \"x\"))]))")]
    [InlineData("retry 3 { f() }", "(RetryExpr (IntLiteral 3) (Block [(ExprStmt (CallExpr (Identifier \"f\")))]))")]
    [InlineData("deadline 30s { f() }", "(DeadlineExpr (DurationLiteral 30000) (Block [(ExprStmt (CallExpr (Identifier \"f\")))]))")]
    [InlineData("spawn { 1 }", "(SpawnExpr (Block [(ExprStmt (IntLiteral 1))]))")]
    [InlineData("mutex { 1 }", "(MutexExpr (Block [(ExprStmt (IntLiteral 1))]))")]
    [InlineData("select {\n m from ch { m }\n timeout 1s { 0 }\n}", "(SelectExpr [(SelectCase \"m\" (Identifier \"ch\") (Block [(ExprStmt (Identifier \"m\"))]))] (SelectTimeout (DurationLiteral 1000) (Block [(ExprStmt (IntLiteral 0))])))")]
    [InlineData("select { m from ch { m }\n default { 0 } }", "(SelectExpr [(SelectCase \"m\" (Identifier \"ch\") (Block [(ExprStmt (Identifier \"m\"))]))] (Block [(ExprStmt (IntLiteral 0))]))")]
    public void Control_flow_expressions(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Theory]
    [InlineData("match x {\n  0 | 1 -> { a }\n  n if n > 3 -> { b }\n  _ -> { c }\n}",
        "(MatchExpr (Identifier \"x\") [(MatchArm (OrPattern [(LiteralPattern (IntLiteral 0)) (LiteralPattern (IntLiteral 1))]) (Block [(ExprStmt (Identifier \"a\"))])) (MatchArm (BindingPattern \"n\") (BinaryExpr Greater (Identifier \"n\") (IntLiteral 3)) (Block [(ExprStmt (Identifier \"b\"))])) (MatchArm (WildcardPattern) (Block [(ExprStmt (Identifier \"c\"))]))])")]
    [InlineData("match r { Result.Ok(v) -> { v }, Option.None -> { 0 } }",
        "(MatchExpr (Identifier \"r\") [(MatchArm (EnumPattern \"Result\" \"Ok\" [(BindingPattern \"v\")]) (Block [(ExprStmt (Identifier \"v\"))])) (MatchArm (EnumPattern \"Option\" \"None\") (Block [(ExprStmt (IntLiteral 0))]))])")]
    [InlineData("match m { {status: \"ok\", data: d} -> { d } }",
        "(MatchExpr (Identifier \"m\") [(MatchArm (DictPattern [(DictPatternEntry \"status\" (LiteralPattern (StringLiteral \"ok\"))) (DictPatternEntry \"data\" (BindingPattern \"d\"))]) (Block [(ExprStmt (Identifier \"d\"))]))])")]
    [InlineData("match xs { [1, x, ...rest] -> { x } }",
        "(MatchExpr (Identifier \"xs\") [(MatchArm (ListPattern [(LiteralPattern (IntLiteral 1)) (BindingPattern \"x\")] \"rest\") (Block [(ExprStmt (Identifier \"x\"))]))])")]
    [InlineData("match x { -1 -> \"neg\"\n  limit + 1 -> { 2 } }",
        "(MatchExpr (Identifier \"x\") [(MatchArm (LiteralPattern (UnaryExpr Negate (IntLiteral 1))) (Block [(ExprStmt (StringLiteral \"neg\"))])) (MatchArm (ExpressionPattern (BinaryExpr Add (Identifier \"limit\") (IntLiteral 1))) (Block [(ExprStmt (IntLiteral 2))]))])")]
    public void Match_patterns(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Theory]
    [InlineData("items\n  .filter(f)\n  .map(g)", "(MethodCallExpr (MethodCallExpr (Identifier \"items\") \"filter\" [(Identifier \"f\")]) \"map\" [(Identifier \"g\")])")]
    [InlineData("\"a\"\n  + \"b\"\n  // note\n  + \"c\"", "(BinaryExpr Add (BinaryExpr Add (StringLiteral \"a\") (StringLiteral \"b\")) (StringLiteral \"c\"))")]
    [InlineData("a()\n  && b()\n  || c()", "(BinaryExpr Or (BinaryExpr And (CallExpr (Identifier \"a\")) (CallExpr (Identifier \"b\"))) (CallExpr (Identifier \"c\")))")]
    [InlineData("x\n  |> f", "(BinaryExpr Pipe (Identifier \"x\") (Identifier \"f\"))")]
    [InlineData("a +\n  b", "(BinaryExpr Add (Identifier \"a\") (Identifier \"b\"))")]
    [InlineData("f(\n  1,\n  2,\n)", "(CallExpr (Identifier \"f\") [(IntLiteral 1) (IntLiteral 2)])")]
    [InlineData("1 + 2 \\\n  - 3", "(BinaryExpr Subtract (BinaryExpr Add (IntLiteral 1) (IntLiteral 2)) (IntLiteral 3))")]
    public void Operators_at_the_start_of_the_next_line_continue_the_expression(string source, string expected)
    {
        Assert.Equal(expected, Expression(source));
    }

    [Fact]
    public void Minus_at_the_start_of_a_line_starts_a_new_statement()
    {
        Assert.Equal("(ExprStmt (Identifier \"a\"))\n(ExprStmt (UnaryExpr Negate (Identifier \"b\")))", Tree("a\n- b"));
    }

    [Fact]
    public void Brackets_and_parentheses_on_the_next_line_start_a_new_statement()
    {
        Assert.Equal("(ExprStmt (Identifier \"a\"))\n(ExprStmt (ListLiteral [(IntLiteral 1)]))", Tree("a\n[1]"));
    }
}
