using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>A seeded random generator handle (<c>rng_seed(n)</c>): the same seed gives the same sequence.</summary>
internal sealed class HarnRng : IHarnObject
{
    public HarnRng(Random random)
    {
        Random = random;
    }

    public Random Random { get; }

    public string TypeName => "rng";

    public string Display() => "<rng>";
}
