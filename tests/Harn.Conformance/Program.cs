namespace Harn.Conformance;

/// <summary>
/// Runs a Harn conformance suite (a folder laid out like upstream's <c>conformance/</c>) against
/// Harn.Vm in-process and judges each test by upstream's rules. Exit code: 1 when a test listed
/// in the ratchet file fails (or the arguments are wrong), else 0.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var options = RunnerOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(RunnerOptions.Usage);
            return 2;
        }

        var exitCode = new ConformanceRun(options, RepositoryLocator.FindRoot()).Execute(Console.Out);
        Console.Out.Flush();
        // Abandoned test threads are background threads, but end explicitly so none can linger.
        Environment.Exit(exitCode);
        return exitCode;
    }
}
