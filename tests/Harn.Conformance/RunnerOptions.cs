using System.Globalization;

namespace Harn.Conformance;

/// <summary>The runner's command line.</summary>
internal sealed class RunnerOptions
{
    public const string Usage =
        "usage: Harn.Conformance [--path DIR] [--filter PATTERN] [--ratchet FILE] [--update-ratchet]\n" +
        "                        [--json FILE] [--timeout-sec N] [--parallel N] [--in-place]";

    /// <summary>The suite folder; default ../shared/conformance from the repository root.</summary>
    public string? SuitePath { get; private set; }

    /// <summary>Substring, or wildcard when it has * or ?, matched against the test's relative path.</summary>
    public string? Filter { get; private set; }

    public string? RatchetPath { get; private set; }

    /// <summary>Adds every passing test to the ratchet file (never removes one).</summary>
    public bool UpdateRatchet { get; private set; }

    public string? JsonPath { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(30);

    public int Parallelism { get; private set; } = Environment.ProcessorCount;

    /// <summary>Runs in the suite folder itself instead of a temporary copy (tests may write under it).</summary>
    public bool InPlace { get; private set; }

    /// <summary>Parses <paramref name="args"/>; returns null and an error text when they are wrong.</summary>
    public static RunnerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new RunnerOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{name} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (name)
                {
                    case "--path": options.SuitePath = Path.GetFullPath(Next()); break;
                    case "--filter": options.Filter = Next(); break;
                    case "--ratchet": options.RatchetPath = Path.GetFullPath(Next()); break;
                    case "--update-ratchet": options.UpdateRatchet = true; break;
                    case "--json": options.JsonPath = Path.GetFullPath(Next()); break;
                    case "--timeout-sec": options.Timeout = TimeSpan.FromSeconds(PositiveInt(Next(), name)); break;
                    case "--parallel": options.Parallelism = PositiveInt(Next(), name); break;
                    case "--in-place": options.InPlace = true; break;
                    default: throw new FormatException($"unknown argument '{name}'");
                }
            }
            catch (FormatException problem)
            {
                error = problem.Message;
                return null;
            }
        }

        if (options.UpdateRatchet && options.RatchetPath is null)
        {
            error = "--update-ratchet needs --ratchet FILE";
            return null;
        }

        return options;
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{name} needs a positive integer, got '{text}'");
}
