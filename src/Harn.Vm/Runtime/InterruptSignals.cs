namespace Harn.Runtime;

/// <summary>The interrupt signal names a script can handle and a host can raise.</summary>
public static class InterruptSignals
{
    public const string Interrupt = "SIGINT";
    public const string Terminate = "SIGTERM";
    public const string HangUp = "SIGHUP";

    public static IReadOnlyList<string> All { get; } = [Interrupt, Terminate, HangUp];

    public static bool IsKnown(string signal) => signal is Interrupt or Terminate or HangUp;
}
