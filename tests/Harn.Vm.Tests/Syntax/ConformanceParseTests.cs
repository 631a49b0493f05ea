using Harn.Conformance;
using Harn.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Harn.Vm.Tests.Syntax;

public sealed class ConformanceParseTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_output_test_in_the_conformance_suite_parses_without_diagnostics()
    {
        string? root = ConformanceLocator.Find();
        if (root is null)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance); nothing to check.");
            return;
        }

        var failures = new List<string>();
        int count = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*.harn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.ChangeExtension(file, ".expected")))
            {
                continue;
            }

            count++;
            var result = Parser.Parse(File.ReadAllText(file), file);
            foreach (var diagnostic in result.Diagnostics)
            {
                failures.Add($"{Path.GetRelativePath(root, file)}:{diagnostic.Line}:{diagnostic.Column}: {diagnostic.Message}");
            }
        }

        output.WriteLine($"Parsed {count} files.");
        Assert.True(count > 0, "no output tests found");
        Assert.True(failures.Count == 0, $"{failures.Count} diagnostics:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void Syntax_error_tests_fail_to_parse_with_the_expected_text()
    {
        string? root = ConformanceLocator.Find();
        if (root is null)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance); nothing to check.");
            return;
        }

        var failures = new List<string>();
        int syntaxErrors = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*.harn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string errorFile = Path.ChangeExtension(file, ".error");
            if (!File.Exists(errorFile))
            {
                continue;
            }

            string relative = Path.GetRelativePath(root, file);
            var diagnostics = Parser.Parse(File.ReadAllText(file), file).Diagnostics;
            bool mustFail = relative.StartsWith(Path.Combine("errors", "syntax"), StringComparison.Ordinal);
            if (diagnostics.Count == 0)
            {
                if (mustFail)
                {
                    failures.Add($"{relative}: parsed without diagnostics");
                }

                continue;
            }

            // Tests that fail in the parser must fail with upstream's message: any line of .error may match.
            syntaxErrors++;
            var expectation = new ErrorExpectation(File.ReadAllText(errorFile));
            bool matched = diagnostics.Any(d => expectation.Matches(d.Message));
            if (!matched)
            {
                failures.Add($"{relative}: {string.Join(" | ", diagnostics.Select(d => d.Message))}");
            }
        }

        output.WriteLine($"{syntaxErrors} error tests fail in the parser.");
        Assert.True(syntaxErrors > 0, "no syntax error tests found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
