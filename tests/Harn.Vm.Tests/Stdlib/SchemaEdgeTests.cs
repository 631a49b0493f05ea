using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the schema builtins (<c>Schemas</c>): empty values, type mismatches with upstream's texts, defaults.</summary>
public sealed class SchemaEdgeTests
{
    [Fact]
    public void EmptyValuesValidateAgainstTheirShape()
    {
        Prints("""
            println(schema_check([], {type: "array", items: {type: "int"}}))
            println(schema_check({}, {type: "object", required: ["a"]}))
            println(schema_parse({}, {type: "dict", properties: {a: {type: "int", default: 3}}}))
            """,
            "Result.Ok([])",
            "Result.Err({errors: [missing required key 'a'], message: missing required key 'a', value: {}})",
            "Result.Ok({a: 3})");
    }

    [Fact]
    public void MismatchesNameTheExpectedAndActualTypes()
    {
        Prints("""
            println(schema_check(1, {type: "string"}))
            println(schema_check([1, "x"], {type: "list", items: {type: "int"}}))
            println(schema_is("é", {type: "string"}))
            println(schema_is(nil, {type: "string"}))
            """,
            "Result.Err({errors: [expected type 'string', got 'int'], message: expected type 'string', got 'int', value: 1})",
            "Result.Err({errors: [at '[1]': expected type 'int', got 'string'], message: at '[1]': expected type 'int', got 'string', value: [1, x]})",
            "true",
            "false");
        Fails("schema_expect(1, {type: \"string\"})", "Runtime error: schema_expect: expected type 'string', got 'int'");
    }
}
