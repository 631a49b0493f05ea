using System.Runtime.InteropServices;

namespace Harn.Bench;

/// <summary>
/// CPU time consumed by the calling thread, where the platform offers it cheaply (Linux).
/// The Lua anchor runner times with <c>os.clock</c> (CPU time), so a fair Harn/Lua ratio on a
/// busy machine compares CPU time with CPU time.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>The thread's CPU time in milliseconds; only meaningful when <see cref="IsAvailable"/>.</summary>
    public static double NowMs() => TryRead(out var ms) ? ms : 0;

    private static bool TryRead(out double milliseconds)
    {
        milliseconds = 0;
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out var spec) != 0)
            {
                return false;
            }

            milliseconds = (spec.Seconds * 1e3) + (spec.Nanoseconds / 1e6);
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec spec);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
