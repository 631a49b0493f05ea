namespace Harn.Runtime;

/// <summary>
/// A value that produces items on demand (generators, streams, channels). <c>for</c> loops,
/// <c>iter(x)</c> and iter sinks pull from it through this interface.
/// </summary>
public interface IHarnPullSource
{
    /// <summary>The next item, or false once the source is finished. Errors of the source are thrown.</summary>
    bool TryPull(BuiltinContext context, out Value item);
}
