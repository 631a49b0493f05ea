using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harn.Conformance;

/// <summary>Prints the verdicts and writes them as JSON.</summary>
internal static class ReportWriter
{
    public static void PrintFailures(IEnumerable<CaseResult> results, TextWriter output)
    {
        foreach (var result in results.Where(result => result.Status == CaseStatus.Fail))
        {
            output.WriteLine($"FAIL {result.Case.RelativePath}: {result.Reason}");
        }
    }

    public static void PrintTierSummary(IReadOnlyList<CaseResult> results, TextWriter output)
    {
        var counted = results.Where(result => result.Status != CaseStatus.Skip).ToList();
        if (counted.All(result => result.Tier is null))
        {
            return;
        }

        output.WriteLine();
        foreach (var tier in counted.GroupBy(result => result.Tier ?? "untiered").OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var passed = tier.Count(result => result.Status == CaseStatus.Pass);
            output.WriteLine($"  {tier.Key}: {passed} passed, {tier.Count() - passed} failed");
        }
    }

    /// <summary>
    /// <c>[{"path": "tests/language/arithmetic.harn", "tier": "T1", "status": "pass", "reason": "", "ms": 3}]</c>
    /// </summary>
    public static void WriteJson(IEnumerable<CaseResult> results, string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var stream = File.Create(file);
        // Relaxed escaping keeps quotes in reasons readable; the file is data, never embedded in HTML.
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("path", result.Case.RelativePath);
            if (result.Tier is null)
            {
                json.WriteNull("tier");
            }
            else
            {
                json.WriteString("tier", result.Tier);
            }

            json.WriteString("status", result.Status.ToString().ToLowerInvariant());
            json.WriteString("reason", result.Reason);
            json.WriteNumber("ms", result.Milliseconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
