using CsCheck;
using Harn.Vm.Tests.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>
/// Bounded fuzzing of lexer, parser, checker, compiler and VM. Each campaign runs for
/// HARN_FUZZ_SECONDS seconds (default 25; <c>./build.ps1 Fuzz</c> runs a long campaign) and
/// fails listing every unique crash signature with an example input. Crashes found are kept as
/// cases of <see cref="FuzzRegressionTests"/>. Campaigns run alone: a generated program may grow
/// a value to hundreds of megabytes before a limit stops it, and the collections that follow
/// would stall the timing-sensitive tests running beside it.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzTests))]
public sealed class FuzzTests(ITestOutputHelper output)
{
    [CollectionDefinition(nameof(FuzzTests), DisableParallelization = true)]
    public sealed class Isolated;

    private static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("HARN_FUZZ_SECONDS"), out var seconds) && seconds > 0 ? seconds : 25;

    private void Campaign(string name, Gen<string> inputs)
    {
        var campaign = new FuzzCampaign();
        inputs.Sample(source => { campaign.Try(source); }, time: Seconds, threads: 1);
        output.WriteLine(campaign.Summary(name));
        Assert.True(campaign.Crashes.Count == 0, campaign.Summary(name));
        Assert.True(campaign.Executions > 0);
    }

    [Fact]
    public void Grammar_generated_programs_never_crash_the_engine()
    {
        Campaign("grammar", HarnGrammarGen.Program);
    }

    [Fact]
    public void Mutated_conformance_programs_never_crash_the_engine()
    {
        if (ConformanceLocator.Find() is not { } root)
        {
            output.WriteLine("Conformance suite not found (../shared/conformance): no seed corpus, nothing to mutate.");
            return;
        }

        var seeds = Directory.EnumerateFiles(root, "*.harn", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        Campaign("mutation", SeedMutator.Mutant(seeds));
    }
}
