using System.Buffers;
using Harn.Bytecode;

namespace Harn.Runtime;

/// <summary>
/// <c>list.map(f)</c> and <c>list.filter(f)</c> with a plain one-parameter closure, run as VM
/// frames instead of callbacks from the host: a hidden frame over <see cref="Chunk"/> holds this
/// state in its only local and calls the closure once per item with an ordinary call, so each
/// item costs a call in the hot loop rather than a nested dispatch.
/// </summary>
internal sealed class CallbackLoop : IHarnObject
{
    private CallbackLoop(HarnList source, Value callback, bool filters)
    {
        Source = source;
        Callback = callback;
        Filters = filters;
        // A filter collects into a pooled buffer and copies the kept items out at the end; a map's
        // buffer becomes the list itself.
        Results = source.Count == 0 ? Array.Empty<Value>() : filters ? ArrayPool<Value>.Shared.Rent(source.Count) : new Value[source.Count];
    }

    /// <summary>
    /// The hidden frame's code: <c>LoopNext $0 -&gt;done; call: Call 1; LoopCollectNext $0 -&gt;call
    /// -&gt;done; done: LoopResult $0; Return</c>, two instructions an item besides the callback's
    /// own. Shared by every run (chunks are immutable).
    /// </summary>
    public static Chunk Chunk { get; } = BuildChunk();

    public HarnList Source { get; }

    /// <summary>The closure called with each item.</summary>
    public Value Callback { get; }

    /// <summary>True for filter (keep the items whose call was truthy), false for map (keep the results).</summary>
    public bool Filters { get; }

    /// <summary>The item the next call gets.</summary>
    public int Index { get; set; }

    /// <summary>Map: one result per item. Filter: the kept items, <see cref="Count"/> of them.</summary>
    public Value[] Results { get; }

    public int Count { get; set; }

    public string TypeName => "iter";

    public string Display() => "<iter>";

    /// <summary>
    /// The loop for <c>receiver.name(argument)</c> when it is a map or filter of a list by a
    /// closure that takes exactly one parameter; null when the host method must run instead.
    /// </summary>
    public static CallbackLoop? TryStart(Value receiver, string name, Value argument)
    {
        if (receiver.Kind != ValueKind.List || argument.Kind != ValueKind.Closure || name is not ("map" or "filter"))
        {
            return null;
        }

        var chunk = ((Closure)argument.Ref!).Chunk;
        if (chunk.ParamCount != 1 || chunk.HasRestParam || chunk.IsGenerator)
        {
            return null;
        }

        return new CallbackLoop(receiver.AsList, argument, filters: name == "filter");
    }

    /// <summary>The finished list (called once: a filter's buffer goes back to the pool).</summary>
    public HarnList Finish()
    {
        if (Filters)
        {
            var kept = Count == 0 ? HarnList.Empty : HarnList.Create(Results.AsSpan(0, Count));
            if (Results.Length > 0)
            {
                Results.AsSpan(0, Count).Clear();
                ArrayPool<Value>.Shared.Return(Results);
            }

            return kept;
        }

        return Results.Length == 0 ? HarnList.Empty : new HarnList(Results);
    }

    private static Chunk BuildChunk()
    {
        var builder = new ChunkBuilder("<loop>", null);
        builder.ParamNames.Add("loop");
        builder.AddSlot("loop");
        var noItems = builder.EmitJump(OpCode.LoopNext, [0]);
        var call = builder.Position;
        builder.Emit(OpCode.Call, 1);
        var done = builder.EmitJump(OpCode.LoopCollectNext, [0, call]);
        builder.PatchJump(noItems);
        builder.PatchJump(done);
        builder.Emit(OpCode.LoopResult, 0);
        builder.Emit(OpCode.Return);
        return builder.Build();
    }
}
