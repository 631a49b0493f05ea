using System.Text;
using Harn.Bytecode;

namespace Harn.Runtime;

/// <summary>A function value: a compiled chunk, the cells it captured, and the module whose globals it sees.</summary>
public sealed class Closure : IHarnObject
{
    internal Closure(Chunk chunk, ClosureCell[] captures, VmModule module)
    {
        Chunk = chunk;
        Captures = captures;
        Module = module;
    }

    internal Chunk Chunk { get; }

    internal ClosureCell[] Captures { get; }

    internal VmModule Module { get; }

    public string Name => Chunk.Name;

    public IReadOnlyList<string> ParameterNames => Chunk.ParamNames;

    public string TypeName => "closure";

    public string Display()
    {
        var text = new StringBuilder("<fn(");
        for (var i = 0; i < Chunk.ParamNames.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(Chunk.ParamNames[i]);
        }

        return text.Append(")>").ToString();
    }

    internal Value ToValue() => Value.FromObject(ValueKind.Closure, this);
}
