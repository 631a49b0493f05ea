namespace Harn.Runtime;

/// <summary>A pull source whose next item may not be there yet (channels, parallel streams).</summary>
internal interface IVmWaitableSource
{
    /// <summary>Null when a pull can answer now (an item or the end); otherwise the wait after which it can.</summary>
    VmSuspension? WaitForItem();
}
