using System.Text.RegularExpressions;

namespace Harn.Bench;

/// <summary>Command-line options of the benchmark harness.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: Harn.Bench --fixtures DIR [options]
          --fixtures DIR   folder of NAME.harn fixtures (required)
          --anchors DIR    folder with run_py.py / run_lua.lua and their py/ and lua/ translations
          --python EXE     CPython to run the anchors with (omitted: no CPython column)
          --lua EXE        Lua 5.4 to run the anchors with (omitted: no Lua column)
          --runs N         timed runs per fixture and round, median taken (default 11)
          --rounds N       most rounds per fixture, each timing every engine in turn; rounds
                           stop early (after 6) once each engine's fastest round is matched
                           by another within 10% and the last 3 found nothing more than 10%
                           faster; each engine's fastest round is reported (default 20)
          --warmups N      warm-up runs per fixture before timing (default 40, capped at 3 s)
          --filter TEXT    only fixtures whose name contains TEXT (or matches it, with * and ?)
          --module PSD1    staged Harn module for the cold-start figure (omitted: cold start skipped)
          --cold-runs N    pwsh launches with and without the module for cold start (default 7)
          --json FILE      write the results as JSON
        """;

    public string FixturesDirectory { get; private set; } = "";

    public string? AnchorsDirectory { get; private set; }

    public string? Python { get; private set; }

    public string? Lua { get; private set; }

    public int Runs { get; private set; } = 11;

    public int Warmups { get; private set; } = 40;

    public int Rounds { get; private set; } = 20;

    /// <summary>Rounds every fixture gets before it may stop early.</summary>
    public const int MinimumRounds = 6;

    public string? Filter { get; private set; }

    public string? ModuleManifest { get; private set; }

    public int ColdStartRuns { get; private set; } = 7;

    public string? JsonPath { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--fixtures": options.FixturesDirectory = Next(); break;
                case "--anchors": options.AnchorsDirectory = Next(); break;
                case "--python": options.Python = Next(); break;
                case "--lua": options.Lua = Next(); break;
                case "--runs": options.Runs = PositiveInt(name, Next()); break;
                case "--warmups": options.Warmups = PositiveInt(name, Next()); break;
                case "--rounds": options.Rounds = PositiveInt(name, Next()); break;
                case "--filter": options.Filter = Next(); break;
                case "--module": options.ModuleManifest = Next(); break;
                case "--cold-runs": options.ColdStartRuns = PositiveInt(name, Next()); break;
                case "--json": options.JsonPath = Next(); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.FixturesDirectory.Length == 0)
        {
            throw new ArgumentException("--fixtures is required.");
        }

        return options;
    }

    /// <summary>True when the fixture <paramref name="name"/> passes <see cref="Filter"/>.</summary>
    public bool Selects(string name)
    {
        if (string.IsNullOrEmpty(Filter))
        {
            return true;
        }

        if (Filter.Contains('*') || Filter.Contains('?'))
        {
            var pattern = "^" + Regex.Escape(Filter).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
            return Regex.IsMatch(name, pattern);
        }

        return name.Contains(Filter, StringComparison.Ordinal);
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"{name} expects a positive integer, got '{text}'.");
}
