using Harn.Syntax;
using Xunit;

namespace Harn.Vm.Tests.Syntax;

internal static class ParserTestHelpers
{
    /// <summary>Parses valid source and prints its statements, one per line.</summary>
    public static string Tree(string source)
    {
        var result = Parser.Parse(source);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics.Select(d => d.Message)));
        return AstPrinter.PrintStatements(result.Program);
    }

    /// <summary>Parses one expression statement and prints the expression.</summary>
    public static string Expression(string source)
    {
        var result = Parser.Parse(source);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics.Select(d => d.Message)));
        var statement = Assert.IsType<ExprStmt>(Assert.Single(result.Program.Statements));
        return AstPrinter.Print(statement.Expression);
    }

    /// <summary>The diagnostics of invalid source as "line:column message".</summary>
    public static string[] Errors(string source)
    {
        var result = Parser.Parse(source, "test.harn");
        Assert.All(result.Diagnostics, d => Assert.Equal("test.harn", d.File));
        return result.Diagnostics.Select(d => $"{d.Line}:{d.Column} {d.Message}").ToArray();
    }
}
