using Xunit;
using static Harn.Vm.Tests.Syntax.ParserTestHelpers;

namespace Harn.Vm.Tests.Syntax;

public sealed class StatementParserTests
{
    [Theory]
    [InlineData("let x: int = 1", "(VariableDecl (NameTarget \"x\") (NamedType \"int\") (IntLiteral 1))")]
    [InlineData("var {name, age: years = 0, ...rest} = d", "(VariableDecl :IsMutable (DictTarget [(DictTargetField \"name\" (NameTarget \"name\")) (DictTargetField \"age\" (NameTarget \"years\") (IntLiteral 0))] \"rest\") (Identifier \"d\"))")]
    [InlineData("let [a, b = 2, ...tail] = xs", "(VariableDecl (ListTarget [(ListTargetElement (NameTarget \"a\")) (ListTargetElement (NameTarget \"b\") (IntLiteral 2))] \"tail\") (Identifier \"xs\"))")]
    [InlineData("for (k, v) in pairs { k }", "(ForStmt (PairTarget (NameTarget \"k\") (NameTarget \"v\")) (Identifier \"pairs\") (Block [(ExprStmt (Identifier \"k\"))]))")]
    [InlineData("for {name} in people { name }", "(ForStmt (DictTarget [(DictTargetField \"name\" (NameTarget \"name\"))]) (Identifier \"people\") (Block [(ExprStmt (Identifier \"name\"))]))")]
    [InlineData("while i < n { i += 1 }", "(WhileStmt (BinaryExpr Less (Identifier \"i\") (Identifier \"n\")) (Block [(AssignStmt (Identifier \"i\") Add (IntLiteral 1))]))")]
    [InlineData("a.b[0] = 2", "(AssignStmt (IndexExpr (MemberExpr (Identifier \"a\") \"b\") (IntLiteral 0)) Assign (IntLiteral 2))")]
    [InlineData("return", "(ReturnStmt)")]
    [InlineData("return x", "(ReturnStmt (Identifier \"x\"))")]
    [InlineData("throw \"bad\"", "(ThrowStmt (StringLiteral \"bad\"))")]
    [InlineData("guard x else { return }", "(GuardStmt (Identifier \"x\") (Block [(ReturnStmt)]))")]
    [InlineData("require ok, \"msg\"", "(RequireStmt (Identifier \"ok\") (StringLiteral \"msg\"))")]
    [InlineData("defer { close() }", "(DeferStmt (Block [(ExprStmt (CallExpr (Identifier \"close\")))]))")]
    [InlineData("emit n + 1", "(EmitStmt (BinaryExpr Add (Identifier \"n\") (IntLiteral 1)))")]
    [InlineData("yield", "(ExprStmt (YieldExpr))")]
    [InlineData("break\ncontinue", "(BreakStmt)\n(ContinueStmt)")]
    public void Statements(string source, string expected)
    {
        Assert.Equal(expected, Tree(source));
    }

    [Theory]
    [InlineData("import \"std/text\"", "(ImportDecl \"std/text\")")]
    [InlineData("pub import { a, b } from \"lib\"", "(ImportDecl :IsPublic \"lib\" [\"a\" \"b\"])")]
    [InlineData("pub pipeline child(task) -> string extends base { override step(x) { x } }", "(PipelineDecl :IsPublic \"child\" [(Parameter \"task\")] (NamedType \"string\") \"base\" (Block [(OverrideDecl \"step\" [(Parameter \"x\")] (Block [(ExprStmt (Identifier \"x\"))]))]))")]
    [InlineData("fn f<T, out U>(x: T, ...rest) -> list<U> where T: Show { x }", "(FnDecl \"f\" [(GenericParam \"T\" Invariant) (GenericParam \"U\" Out)] [(Parameter \"x\" (NamedType \"T\")) (Parameter \"rest\" :IsRest)] (NamedType \"list\" [(NamedType \"U\")]) [(WhereConstraint \"T\" (NamedType \"Show\"))] (Block [(ExprStmt (Identifier \"x\"))]))")]
    [InlineData("gen fn nums() -> Stream<int> { emit 1 }", "(FnDecl :IsStream \"nums\" (NamedType \"Stream\" [(NamedType \"int\")]) (Block [(EmitStmt (IntLiteral 1))]))")]
    [InlineData("@deprecated(since: \"0.8\", use: new_fn)\n@test\npub fn old() { 1 }", "(FnDecl [(AttributeNode \"deprecated\" [(AttributeArg \"since\" (StringLiteral \"0.8\")) (AttributeArg \"use\" (Identifier \"new_fn\"))]) (AttributeNode \"test\")] :IsPublic \"old\" (Block [(ExprStmt (IntLiteral 1))]))")]
    [InlineData("enum Shape<T> { Circle(r: float), Dot\n Square(side) }", "(EnumDecl \"Shape\" [(GenericParam \"T\" Invariant)] [(EnumVariant \"Circle\" [(Parameter \"r\" (NamedType \"float\"))]) (EnumVariant \"Dot\") (EnumVariant \"Square\" [(Parameter \"side\")])])")]
    [InlineData("struct Point {\n  x: int\n  z?: int | nil\n}", "(StructDecl \"Point\" [(StructField \"x\" (NamedType \"int\")) (StructField \"z\" :IsOptional (UnionType [(NamedType \"int\") (NamedType \"nil\")]))])")]
    [InlineData("impl Point {\n  fn norm(self) -> float { 0.0 }\n}", "(ImplDecl \"Point\" [(FnDecl \"norm\" [(Parameter \"self\")] (NamedType \"float\") (Block [(ExprStmt (FloatLiteral 0))]))])")]
    [InlineData("interface Coll {\n  type Item = int\n  fn get(self, i: int) -> Item\n}", "(InterfaceDecl \"Coll\" [(AssociatedType \"Item\" (NamedType \"int\"))] [(InterfaceMethod \"get\" [(Parameter \"self\") (Parameter \"i\" (NamedType \"int\"))] (NamedType \"Item\"))])")]
    [InlineData("type Verdict = \"pass\" | \"fail\"", "(TypeAliasDecl \"Verdict\" (UnionType [(LiteralType (StringLiteral \"pass\")) (LiteralType (StringLiteral \"fail\"))]))")]
    [InlineData("type Cb = fn(int, string) -> {ok: bool, n?: [int]}", "(TypeAliasDecl \"Cb\" (FnType [(NamedType \"int\") (NamedType \"string\")] (ShapeType [(ShapeField \"ok\" (NamedType \"bool\")) (ShapeField \"n\" :IsOptional (ListType (NamedType \"int\")))])))")]
    [InlineData("tool read(path: string = \"x\") -> string {\n  description \"Read it\"\n  path\n}", "(ToolDecl \"read\" [(Parameter \"path\" (NamedType \"string\") (StringLiteral \"x\"))] (NamedType \"string\") (StringLiteral \"Read it\") (Block [(ExprStmt (Identifier \"path\"))]))")]
    [InlineData("pub skill deploy {\n  description \"Ship\"; paths [\"a\"]\n  on_activate fn() { 1 }\n}", "(SkillDecl :IsPublic \"deploy\" [(NamedField \"description\" (StringLiteral \"Ship\")) (NamedField \"paths\" (ListLiteral [(StringLiteral \"a\")])) (NamedField \"on_activate\" (ClosureExpr (Block [(ExprStmt (IntLiteral 1))]) :IsFnSyntax))])")]
    [InlineData("eval_pack pack \"id\" {\n  version: 1\n  log(version)\n  summarize { 2 }\n}", "(EvalPackDecl \"pack\" (StringLiteral \"id\") [(NamedField \"version\" (IntLiteral 1))] [(ExprStmt (CallExpr (Identifier \"log\") [(Identifier \"version\")]))] (Block [(ExprStmt (IntLiteral 2))]))")]
    public void Declarations(string source, string expected)
    {
        Assert.Equal(expected, Tree(source));
    }

    [Fact]
    public void Contextual_words_stay_usable_as_names()
    {
        Assert.Equal(
            "(VariableDecl (NameTarget \"skill\") (IntLiteral 1))\n(VariableDecl (NameTarget \"gen\") (Identifier \"skill\"))\n(VariableDecl (NameTarget \"timeout\") (Identifier \"default\"))",
            Tree("let skill = 1\nlet gen = skill\nlet timeout = default"));
    }

    [Fact]
    public void Semicolons_separate_statements_and_declarations()
    {
        Assert.Equal(
            "(FnDecl \"f\" (Block [(ReturnStmt (IntLiteral 1))]))\n(VariableDecl (NameTarget \"x\") (IntLiteral 1))\n(VariableDecl (NameTarget \"y\") (IntLiteral 2))",
            Tree("fn f() { return 1 }; let x = 1; let y = 2;"));
    }

    [Fact]
    public void Else_and_catch_may_follow_on_the_next_line()
    {
        Assert.Equal(
            "(ExprStmt (IfExpr (Identifier \"a\") (Block [(ExprStmt (IntLiteral 1))]) (Block [(ExprStmt (IntLiteral 2))])))",
            Tree("if a { 1 }\nelse { 2 }"));
    }

    [Fact]
    public void Shebang_and_doc_comments_are_ignored()
    {
        Assert.Equal("(FnDecl \"f\" (Block [(ExprStmt (IntLiteral 1))]))", Tree("#!/usr/bin/env harn\n/** Doc. */\nfn f() { 1 }"));
    }
}
