namespace Harn.Bytecode;

/// <summary>What an instruction operand means; decides how the disassembler prints it.</summary>
public enum OperandKind
{
    /// <summary>Index into the chunk's constant pool.</summary>
    Constant,

    /// <summary>A local slot of the current frame.</summary>
    Slot,

    /// <summary>An index into the running closure's captured cells.</summary>
    Upvalue,

    /// <summary>An index into the module's globals.</summary>
    Global,

    /// <summary>An absolute code offset.</summary>
    Jump,

    /// <summary>A plain count (arguments, elements, parts).</summary>
    Count,

    /// <summary>Index into the chunk's nested functions.</summary>
    Function,

    /// <summary>Index into the program's modules.</summary>
    Module,

    /// <summary>An <see cref="Harn.Runtime.ErrorKind"/> value.</summary>
    ErrorKind,

    /// <summary>Index into the program's table of names resolved at run time (builtins).</summary>
    Builtin,

    /// <summary>A compare-and-branch test (<see cref="ComparisonTest"/>).</summary>
    Test,
}
