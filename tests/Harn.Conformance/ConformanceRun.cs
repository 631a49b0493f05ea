namespace Harn.Conformance;

/// <summary>One run of the runner: discover, run in parallel, report, apply the ratchet.</summary>
internal sealed class ConformanceRun
{
    private readonly RunnerOptions _options;
    private readonly string? _repositoryRoot;

    public ConformanceRun(RunnerOptions options, string? repositoryRoot)
    {
        _options = options;
        _repositoryRoot = repositoryRoot;
    }

    public int Execute(TextWriter output)
    {
        var baseFolder = _repositoryRoot ?? Directory.GetCurrentDirectory();
        var suiteRoot = Path.GetFullPath(_options.SuitePath ?? Path.Combine(baseFolder, "..", "shared", "conformance"));
        var jsonPath = Path.GetFullPath(_options.JsonPath ?? Path.Combine(baseFolder, "artifacts", "conformance.json"));

        if (!Directory.Exists(suiteRoot))
        {
            output.WriteLine($"conformance suite not found at {suiteRoot}, skipping");
            ReportWriter.WriteJson([], jsonPath);
            output.WriteLine("conformance: 0 passed, 0 failed");
            return 0;
        }

        var tiers = TierTable.Load(suiteRoot);
        using var copy = _options.InPlace ? null : SuiteCopy.Create(suiteRoot);
        var runRoot = copy?.SuiteRoot ?? suiteRoot;

        // Upstream runs with the working directory at the repository root, above conformance/.
        Environment.CurrentDirectory = copy?.Root ?? Path.GetDirectoryName(suiteRoot) ?? suiteRoot;
        Environment.SetEnvironmentVariable("HARN_LLM_CALLS_DISABLED", "1");

        var cases = SuiteDiscovery.Discover(runRoot)
            .Where(testCase => SuiteDiscovery.MatchesFilter(testCase.RelativePath, _options.Filter))
            .ToList();
        var runnable = cases.Count(testCase => testCase.Kind != CaseKind.Helper);
        output.WriteLine($"conformance: running {runnable} tests from {suiteRoot} ({_options.Parallelism} at a time, {_options.Timeout.TotalSeconds:0} s limit each)");

        var results = RunAll(cases, tiers);
        if (_options.RatchetPath is not null)
        {
            RetryListedFailures(Path.GetFullPath(_options.RatchetPath), results, tiers, output);
        }

        ReportWriter.PrintFailures(results, output);
        ReportWriter.PrintTierSummary(results, output);
        ReportWriter.WriteJson(results, jsonPath);

        var exitCode = 0;
        if (_options.RatchetPath is not null)
        {
            exitCode = ApplyRatchet(Path.GetFullPath(_options.RatchetPath), results, cases.Count == SuiteDiscovery.Discover(runRoot).Count, output);
        }

        var passed = results.Count(result => result.Status == CaseStatus.Pass);
        var failed = results.Count(result => result.Status == CaseStatus.Fail);
        output.WriteLine($"conformance: {passed} passed, {failed} failed");
        return exitCode;
    }

    private List<CaseResult> RunAll(IReadOnlyList<ConformanceCase> cases, TierTable tiers)
    {
        var runner = new CaseRunner(_options.Timeout);
        var results = new CaseResult[cases.Count];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(_options.Parallelism, Math.Max(cases.Count, 1)))
            .Select(_ => new Thread(() =>
            {
                for (var index = Interlocked.Increment(ref next); index < cases.Count; index = Interlocked.Increment(ref next))
                {
                    results[index] = runner.Run(cases[index], tiers.TierOf(cases[index].RelativePath));
                }
            }))
            .ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        return results.ToList();
    }

    /// <summary>
    /// Runs each listed test that failed once more, alone: a test that waits on timers or helper
    /// processes can miss its time while the others load both cores, and a real regression fails
    /// again. The retried tests and their second results are printed, so flakiness stays visible.
    /// </summary>
    private void RetryListedFailures(string ratchetPath, List<CaseResult> results, TierTable tiers, TextWriter output)
    {
        var listed = RatchetList.Load(ratchetPath).Entries.ToHashSet(StringComparer.Ordinal);
        var runner = new CaseRunner(_options.Timeout);
        for (var i = 0; i < results.Count; i++)
        {
            var first = results[i];
            if (first.Status != CaseStatus.Fail || !listed.Contains(first.Case.RelativePath))
            {
                continue;
            }

            var second = runner.Run(first.Case, tiers.TierOf(first.Case.RelativePath));
            output.WriteLine($"ratchet: {first.Case.RelativePath} failed in the parallel run ({first.Reason}); run again alone: {(second.Status == CaseStatus.Pass ? "passed" : "failed")}");
            results[i] = second;
        }
    }

    /// <summary>Reports listed tests that failed (exit code 1); optionally adds new passes to the list.</summary>
    private int ApplyRatchet(string ratchetPath, IReadOnlyList<CaseResult> results, bool ranWholeSuite, TextWriter output)
    {
        var ratchet = RatchetList.Load(ratchetPath);
        var byPath = results.ToDictionary(result => result.Case.RelativePath, StringComparer.Ordinal);
        var regressions = new List<CaseResult>();
        var ran = 0;
        var listed = ratchet.Entries.Count;
        foreach (var entry in ratchet.Entries)
        {
            if (byPath.TryGetValue(entry, out var result))
            {
                ran++;
                if (result.Status != CaseStatus.Pass)
                {
                    regressions.Add(result);
                }
            }
            else if (ranWholeSuite)
            {
                output.WriteLine($"ratchet: warning: {entry} is not a test of this suite");
            }
        }

        if (_options.UpdateRatchet)
        {
            var added = ratchet.Add(results.Where(result => result.Status == CaseStatus.Pass).Select(result => result.Case.RelativePath));
            output.WriteLine($"ratchet: added {added} passing tests to {ratchetPath}");
        }

        output.WriteLine();
        if (regressions.Count == 0)
        {
            output.WriteLine($"ratchet: {ran} of the {listed} listed tests ran; none regressed");
            return 0;
        }

        output.WriteLine($"ratchet: {regressions.Count} REGRESSION(S) among the tests listed in {ratchetPath}:");
        foreach (var regression in regressions)
        {
            output.WriteLine($"  REGRESSED {regression.Case.RelativePath}: {regression.Reason}");
        }

        return 1;
    }
}
