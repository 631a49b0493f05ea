using Harn.Runtime;

namespace Harn.Stdlib.Concurrency;

/// <summary>Atomic cells shared by every task holding them: <c>atomic</c>, <c>atomic_get</c>, <c>atomic_set</c>, <c>atomic_add</c>, <c>atomic_cas</c>.</summary>
internal static class Atomics
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("atomic", (_, args) => Value.FromObject(ValueKind.Atomic, new HarnAtomic(Args.At(args, 0).IsNil ? Value.FromInt(0) : Args.At(args, 0))));
        registry.Register("atomic_get", (_, args) => Cell(args, "atomic_get").Value);
        registry.Register("atomic_set", (_, args) =>
        {
            var cell = Cell(args, "atomic_set");
            var previous = cell.Value;
            cell.Value = Args.At(args, 1);
            return previous;
        });
        registry.Register("atomic_add", (_, args) =>
        {
            var cell = Cell(args, "atomic_add");
            var previous = cell.Value;
            cell.Value = Arithmetic.Add(previous, Args.At(args, 1));
            return previous;
        });
        registry.Register("atomic_cas", (_, args) =>
        {
            var cell = Cell(args, "atomic_cas");
            if (!ValueEquality.AreEqual(cell.Value, Args.At(args, 1)))
            {
                return Value.False;
            }

            cell.Value = Args.At(args, 2);
            return Value.True;
        });
    }

    private static HarnAtomic Cell(ReadOnlySpan<Value> args, string function) =>
        Args.At(args, 0).Ref as HarnAtomic ?? throw RuntimeErrors.Type($"{function}: first argument must be an atomic");

    /// <summary>The shared cell behind an atomic value. Tasks take turns on one thread, so each operation is indivisible.</summary>
    private sealed class HarnAtomic(Value initial) : IHarnObject
    {
        public Value Value { get; set; } = initial;

        public string TypeName => "atomic";

        public string Display() => $"<atomic:{ValueFormatter.Display(Value)}>";
    }
}
