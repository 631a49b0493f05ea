using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the CSV builtins (<c>Csv</c>): empty input, quoting, wrong types, Unicode fields.</summary>
public sealed class CsvEdgeTests
{
    [Fact]
    public void EmptyInput()
    {
        Prints("""
            println(csv_parse(""))
            println(csv_stringify([]) == "")
            """,
            "[]", "true");
    }

    [Fact]
    public void QuotedFieldsKeepSeparators()
    {
        Prints("""
            println(csv_parse("a,b\n1,\"x,y\"\n"))
            print(csv_stringify([{a: 1, b: "x,y"}]))
            println(csv_parse("é,\"ü\"\"v\"\n"))
            """,
            "[[a, b], [1, x,y]]", "a,b", "1,\"x,y\"", "[[é, ü\"v]]");
    }

    [Fact]
    public void WrongTypes() =>
        Fails("csv_parse(5)", "Type error: csv_parse: expected a string, got int");
}
