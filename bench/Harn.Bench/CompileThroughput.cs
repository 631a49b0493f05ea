using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harn.Hosting;

namespace Harn.Bench;

/// <summary>
/// Compile throughput: megabytes (10^6 bytes of UTF-8) of Harn source that
/// <see cref="HarnScript.Compile"/> lexes, parses, checks and compiles per second.
/// </summary>
internal static class CompileThroughput
{
    public const int TargetLines = 10_000;

    private const int Warmups = 2;

    private const int Runs = 5;

    public static double MegabytesPerSecond()
    {
        var source = GenerateScript(TargetLines);
        var megabytes = Encoding.UTF8.GetByteCount(source) / 1e6;
        for (var i = 0; i < Warmups; i++)
        {
            HarnScript.Compile(source);
        }

        var samples = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            GC.Collect();
            var start = Stopwatch.GetTimestamp();
            HarnScript.Compile(source);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return megabytes / Timing.Median(samples);
    }

    /// <summary>
    /// A script of about <paramref name="lines"/> lines in the style of ordinary Harn code: many
    /// small functions with locals, arithmetic, branches, loops, literals, interpolation and
    /// method calls, all called from the entry pipeline.
    /// </summary>
    public static string GenerateScript(int lines)
    {
        var linesPerFunction = FunctionText(0).Count(c => c == '\n');
        var entry = new StringBuilder("pipeline default(task) {\n  var sum = 0\n");
        const int calls = 4;
        var functions = Math.Max(1, (lines - calls - 4) / linesPerFunction);
        for (var n = 0; n < functions; n += Math.Max(1, functions / calls))
        {
            entry.Append(CultureInfo.InvariantCulture, $"  sum = sum + step_{n}({n}, 1)\n");
        }

        entry.Append("  println(sum)\n}\n");
        var text = new StringBuilder();
        for (var n = 0; n < functions; n++)
        {
            text.Append(FunctionText(n));
        }

        return text.Append(entry).ToString();
    }

    private static string FunctionText(int n)
    {
        var f = n.ToString(CultureInfo.InvariantCulture);
        return $$"""
            fn step_{{f}}(a, b) {
              let scale = a * {{f}} + b
              var total = 0
              // Sum a few weighted items.
              for item in [1, 2, 3, 4] {
                total = total + item * scale
              }
              if total > 1000 {
                total = total - {{f}}
              } else {
                total = total + 1
              }
              let record = {name: "step_{{f}}", value: total, tags: ["a", "b"]}
              let label = "value ${record.value} of ${record.name}"
              var rounds = 0
              while total > 100 && rounds < 8 {
                total = total / 2
                rounds = rounds + 1
              }
              let words = label.split(" ")
              let kept = words.filter({ word -> len(word) > 2 })
              if kept.contains("value") {
                total = total + len(kept)
              }
              return total + len(label)
            }


            """;
    }
}
