using System.Runtime.ExceptionServices;

namespace Harn.Vm.Tests.Hardening;

/// <summary>
/// Runs code on a thread with a chosen stack: by default 1 MB, smaller than any platform's
/// default, so that a depth guard that relies on a generous stack fails here rather than in a host.
/// </summary>
internal static class SmallStack
{
    private const int StackBytes = 1024 * 1024;

    /// <summary>The stack the PowerShell module gives the thread that compiles and runs a chunk.</summary>
    public const int ModuleWorkerBytes = 16 * 1024 * 1024;

    public static T Run<T>(Func<T> body, int stackBytes = StackBytes)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception error)
            {
                failure = ExceptionDispatchInfo.Capture(error);
            }
        }, stackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
