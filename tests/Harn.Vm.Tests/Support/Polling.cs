using System.Diagnostics;

namespace Harn.Vm.Tests.Support;

/// <summary>Waiting on conditions another thread brings about, for cancellation tests.</summary>
internal static class Polling
{
    /// <summary>Polls every 20 ms until <paramref name="condition"/> holds; false after 20 s.</summary>
    public static bool WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>Cancels once <paramref name="ready"/> holds; the clock it returns started at the cancel.</summary>
    public static Task<Stopwatch> CancelWhen(CancellationTokenSource cancellation, Func<bool> ready) => Task.Run(() =>
    {
        WaitUntil(ready);
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        return clock;
    });
}
