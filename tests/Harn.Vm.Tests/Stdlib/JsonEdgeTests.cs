using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the JSON builtins (<c>Json</c>): empty documents, wrong types, Unicode escapes, pointers.</summary>
public sealed class JsonEdgeTests
{
    [Fact]
    public void EmptyValues()
    {
        Prints("""
            println(json_stringify(""))
            println(json_stringify([]))
            println(json_stringify({}))
            println(json_stringify(nil))
            println(json_parse("[]"))
            println(json_parse("{}"))
            println(json_pointer({a: 1}, ""))
            """,
            "\"\"", "[]", "{}", "null", "[]", "{}", "{a: 1}");
    }

    [Fact]
    public void WrongTypesAndInvalidDocuments()
    {
        Fails("json_parse(5)", "Type error: json_parse: expected a string, got int");
        Fails("json_validate({}, {type: \"object\", required: [\"age\"]})", "Runtime error: json_validate: missing required key 'age'");
    }

    [Theory]
    [InlineData("", "EOF while parsing a value at line 1 column 0")]
    [InlineData("{bad", "key must be a string at line 1 column 2")]
    [InlineData("[1,]", "trailing comma at line 1 column 4")]
    [InlineData("[1,", "EOF while parsing a value at line 1 column 3")]
    [InlineData("1 2", "trailing characters at line 1 column 3")]
    [InlineData("\"abc", "EOF while parsing a string at line 1 column 4")]
    [InlineData("tru", "EOF while parsing a value at line 1 column 3")]
    [InlineData("trux", "expected ident at line 1 column 4")]
    [InlineData("[1]\n  x", "trailing characters at line 2 column 3")]
    [InlineData("{\"a\" 1}", "expected `:` at line 1 column 6")]
    [InlineData("[1 2]", "expected `,` or `]` at line 1 column 4")]
    [InlineData("{\"a\": [1, {\"b\": 2 3}]}", "expected `,` or `}` at line 1 column 19")]
    public void InvalidDocumentsUseUpstreamsWording(string document, string problem) =>
        Assert.Equal(
            "Runtime error: json_parse: " + problem,
            Assert.Throws<Harn.Runtime.HarnRuntimeException>(() => new TestBuiltinContext().Call("json_parse", Harn.Runtime.Value.FromString(document))).Message);

    [Fact]
    public void UnicodeIsWrittenRawAndReadFromEscapes()
    {
        Prints("""
            println(json_stringify("é😀\t"))
            println(json_parse("\"\\u00e9\""))
            println(json_parse("\"\\ud83d\\ude00\""))
            println(len(json_parse("\"😀\"")))
            """,
            "\"é😀\\t\"", "é", "😀", "1");
    }

    [Fact]
    public void NumbersKeepTheirKinds()
    {
        Prints("""
            println(json_parse("1e3"))
            println(json_parse(" 7 "))
            println(json_stringify(1.0))
            println(json_parse("9223372036854775807"))
            """,
            "1000.0", "7", "1.0", "9223372036854775807");
    }

    [Fact]
    public void PointersMissReturnNil()
    {
        Prints("""
            println(json_pointer({a: [1, 2]}, "/a/1"))
            println(json_pointer({a: 1}, "/zz"))
            println(json_pointer({a: [1]}, "/a/5"))
            """,
            "2", "nil", "nil");
    }

    [Fact]
    public void PrettyPrintingIndentsTwoSpaces()
    {
        Prints("""
            println(json_stringify_pretty({a: [1], b: {}}))
            """,
            "{", "  \"a\": [", "    1", "  ],", "  \"b\": {}", "}");
    }
}
