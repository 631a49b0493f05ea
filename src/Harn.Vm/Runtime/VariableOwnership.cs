namespace Harn.Runtime;

/// <summary>
/// In-place updates of a collection that one variable alone holds.
/// </summary>
/// <remarks>
/// Harn collections are values: <c>d[k] = v</c> must not change what any other variable or
/// container sees, so it builds a copy, and a loop filling a dict or list would copy it once per
/// item. Instead the compiler finds every variable that such an update names (by name, over the
/// whole module) and compiles the update with <see cref="Bytecode.OpCode.PutIndexOwned"/> or
/// <see cref="Bytecode.OpCode.PutPropertyOwned"/>: the first one copies and marks the copy owned
/// by the variable; later ones change it in place. Every read of such a variable that could hand
/// the value on (anything but reading one of its elements or properties) is compiled as
/// <see cref="Bytecode.OpCode.GetLocalShared"/> or <see cref="Bytecode.OpCode.GetGlobalShared"/>,
/// which releases the ownership first, so the next update copies again. An owned collection is
/// thus only ever reachable through its variable.
/// </remarks>
internal static class VariableOwnership
{
    /// <summary>The variable hands <paramref name="value"/> on: it may be shared from now on.</summary>
    public static void Release(in Value value)
    {
        switch (value.Ref)
        {
            case HarnList { Owned: true } list:
                list.Owned = false;
                break;
            case HarnDict { Owned: true } dict:
                dict.Release();
                break;
        }
    }
}
