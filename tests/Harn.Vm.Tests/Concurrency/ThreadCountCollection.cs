using Xunit;

namespace Harn.Vm.Tests.Concurrency;

/// <summary>Tests that count the process's threads, or start driver threads, run one at a time so they do not skew each other's counts.</summary>
[CollectionDefinition(Name)]
public sealed class ThreadCountCollection
{
    public const string Name = "thread count";
}
