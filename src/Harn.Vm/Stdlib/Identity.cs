using System.Runtime.CompilerServices;
using System.Text;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>
/// <c>addr_of</c> (an identity key string) and <c>hash_value</c> (a structural hash that is equal
/// for equal values and the same in every run, because it hashes a typed canonical encoding).
/// </summary>
internal static class Identity
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private static readonly ConditionalWeakTable<object, StrongBox<long>> Addresses = new();
    private static long _nextAddress = 0x1000;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("addr_of", (_, args) => Value.FromString(AddressOf(Args.At(args, 0))));
        registry.Register("hash_value", (_, args) => Value.FromInt(HashValue(Args.At(args, 0))));
    }

    /// <summary>Scalars are their own identity (<c>int@42</c>); reference values get a per-object number.</summary>
    public static string AddressOf(Value value)
    {
        var type = TypeNames.Of(value);
        if (value.Ref is null || value.Kind is ValueKind.String)
        {
            return $"{type}@{ValueFormatter.Display(value)}";
        }

        var address = Addresses.GetValue(value.Ref, static _ => new StrongBox<long>(Interlocked.Add(ref _nextAddress, 0x10))).Value;
        return $"{type}@0x{address:x}";
    }

    public static long HashValue(Value value)
    {
        var hash = FnvOffset;
        Mix(ref hash, value, 0);
        return unchecked((long)hash);
    }

    private static void Mix(ref ulong hash, Value value, int depth)
    {
        NestingLimit.Check(depth);
        MixText(ref hash, TypeNames.Of(value));
        switch (value.Kind)
        {
            case ValueKind.List:
                MixSequence(ref hash, value.AsList.AsSpan(), depth);
                break;
            case ValueKind.Set:
                MixSequence(ref hash, value.As<HarnSet>().Items, depth);
                break;
            case ValueKind.Dict:
                {
                    var dict = value.AsDict;
                    for (var i = 0; i < dict.Count; i++)
                    {
                        MixText(ref hash, dict.Keys[i]);
                        Mix(ref hash, dict.Values[i], depth + 1);
                    }

                    break;
                }

            case ValueKind.Pair:
                {
                    var pair = value.As<HarnPair>();
                    Mix(ref hash, pair.First, depth + 1);
                    Mix(ref hash, pair.Second, depth + 1);
                    break;
                }

            case ValueKind.Closure or ValueKind.Channel or ValueKind.Generator or ValueKind.Stream or ValueKind.Iter or ValueKind.Rng:
                MixText(ref hash, AddressOf(value));
                break;
            default:
                MixText(ref hash, ValueFormatter.Display(value));
                break;
        }
    }

    private static void MixSequence(ref ulong hash, ReadOnlySpan<Value> items, int depth)
    {
        MixText(ref hash, items.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var item in items)
        {
            Mix(ref hash, item, depth + 1);
        }
    }

    private static void MixText(ref ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        // A separator keeps ["ab", "c"] and ["a", "bc"] apart.
        hash = unchecked((hash ^ 0xff) * FnvPrime);
    }
}
