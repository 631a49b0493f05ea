using Harn.Conformance;
using Harn.Checker;
using Harn.Hosting;
using Harn.Syntax;
using Harn.Vm.Tests.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Harn.Vm.Tests.Checker;

/// <summary>Runs the checker over the shared conformance suite.</summary>
public sealed class CheckerConformanceTests(ITestOutputHelper output)
{
    /// <summary>Error tests whose expected text is a static checker diagnostic.</summary>
    private static readonly string[] StaticErrorTests =
    [
        "errors/types/binop_add_type_error.harn",
        "errors/types/binop_mul_type_error.harn",
        "errors/types/binop_sub_type_error.harn",
        "errors/types/type_check_runtime.harn",
        "errors/types/type_mismatch_let.harn",
        "errors/types/type_mismatch_param.harn",
        "errors/types/type_mismatch_return.harn",
        "errors/semantic/did_you_mean_builtin.harn",
        "errors/semantic/let_redeclare.harn",
        "errors/semantic/shape_missing_field.harn",
        "errors/semantic/shape_union_non_exhaustive_match.harn",
        "errors/semantic/shape_wrong_field_type.harn",
        "errors/semantic/undefined_builtin.harn",
        "tests/collections/iter_type_error.harn",
        "tests/types/interface_associated_type_default.harn",
        "tests/types/interface_constraint_param_type.harn",
        "tests/types/interface_constraint_return_type.harn",
        "tests/types/stream_generator_distinct.harn",
        "tests/types/stream_rejects_yield.harn",
        "tests/types/typed_pipeline_mismatch.harn",
        "tests/types/variance_list_invariant_write.harn",
        "tests/types/variance_user_generic_in_violation.harn",
        "tests/types/variance_user_generic_out_violation.harn",
    ];

    [Fact]
    public void Programs_that_run_upstream_get_no_diagnostics()
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
            // Output tests run fine upstream; helper modules (neither .expected nor .error) are imported by them.
            if (File.Exists(Path.ChangeExtension(file, ".error")) || Diagnose(file) is not { } diagnostics)
            {
                continue;
            }

            count++;
            failures.AddRange(diagnostics.Select(d => $"{Path.GetRelativePath(root, file)}:{d.Line}:{d.Column}: {d.Message}"));
        }

        output.WriteLine($"Checked {count} files.");
        Assert.True(count > 0, "no programs found");
        Assert.True(failures.Count == 0, $"{failures.Count} false positives:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void Static_error_tests_get_a_matching_diagnostic()
    {
        string? root = ConformanceLocator.Find();
        if (root is null)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance); nothing to check.");
            return;
        }

        var failures = new List<string>();
        foreach (string relative in StaticErrorTests)
        {
            string file = Path.Combine(root, relative);
            var diagnostics = Diagnose(file) ?? [];
            if (!diagnostics.Any(d => MatchesErrorFile(file, d.Message)))
            {
                failures.Add($"{relative}: got [{string.Join(" | ", diagnostics.Select(d => d.Message))}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Error_tests_never_get_a_different_first_diagnostic()
    {
        string? root = ConformanceLocator.Find();
        if (root is null)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance); nothing to check.");
            return;
        }

        var failures = new List<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*.error", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string program = Path.ChangeExtension(file, ".harn");
            // The first diagnostic is the compile error's message, so it must be the expected one.
            if (Diagnose(program) is [var first, ..] && !MatchesErrorFile(program, first.Message))
            {
                failures.Add($"{Path.GetRelativePath(root, program)}:{first.Line}:{first.Column}: {first.Message}");
            }
        }

        Assert.True(failures.Count == 0, "diagnostics that would mask the expected error:\n" + string.Join('\n', failures));
    }

    /// <summary>The checker's diagnostics, or null when the file does not parse.</summary>
    private static IReadOnlyList<HarnDiagnostic>? Diagnose(string file)
    {
        var parsed = Parser.Parse(File.ReadAllText(file), file);
        return parsed.Diagnostics.Count > 0 ? null : TypeChecker.Check(parsed.Program, file);
    }

    /// <summary>The suite's rule, as the conformance runner applies it.</summary>
    private static bool MatchesErrorFile(string program, string message) =>
        new ErrorExpectation(File.ReadAllText(Path.ChangeExtension(program, ".error"))).Matches(message);
}
