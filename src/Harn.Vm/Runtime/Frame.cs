namespace Harn.Runtime;

/// <summary>
/// One active call on a fiber's frame stack. Locals occupy the fiber's value stack from
/// <see cref="Base"/>; the callee value sits just below, where the result goes on return.
/// </summary>
internal struct Frame
{
    public Closure Closure;

    /// <summary>Offset of the next instruction (saved while another frame runs).</summary>
    public int Ip;

    /// <summary>Stack index of local slot 0.</summary>
    public int Base;

    /// <summary>Number of arguments the caller passed (before defaults and rest collection).</summary>
    public int ArgCount;
}
