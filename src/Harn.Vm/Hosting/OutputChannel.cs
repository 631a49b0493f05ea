namespace Harn.Hosting;

/// <summary>Where a piece of script output goes.</summary>
public enum OutputChannel
{
    /// <summary><c>print</c>, <c>println</c>, <c>log</c>: what upstream writes to stdout.</summary>
    Stdout,

    /// <summary><c>eprint</c>, <c>eprintln</c> and runtime warnings.</summary>
    Stderr,
}
