using Xunit;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>Tests that set the process-wide <c>HARN_STATE_DIR</c> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StateRootCollection
{
    public const string Name = "HARN_STATE_DIR";
}
