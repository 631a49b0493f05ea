using Harn.Hosting;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Passes a run's progress reports to the host that asked for them (<see cref="HarnRunOptions.Progress"/>).</summary>
internal static class RunProgress
{
    private static readonly RunLocal<Listener> Listeners = new(() => new Listener());

    public static void Connect(BuiltinContext context, Action<HarnProgress>? report) => Listeners.Get(context).Report = report;

    public static void Report(BuiltinContext context, HarnProgress progress) => Listeners.Get(context).Report?.Invoke(progress);

    private sealed class Listener
    {
        public Action<HarnProgress>? Report { get; set; }
    }
}
