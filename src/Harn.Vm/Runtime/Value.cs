using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// One Harn value: a kind tag, 8 bytes of payload for numbers and booleans, and one reference
/// for everything else. Numbers, booleans and nil never allocate. There are no implicit
/// conversions into <see cref="Value"/>: use the factory for the kind you mean.
/// </summary>
public readonly struct Value
{
    /// <summary>The runtime type tag.</summary>
    public readonly ValueKind Kind;

    /// <summary>Int, duration (ms) and bool payload; float bits.</summary>
    private readonly long _bits;

    /// <summary>The payload of reference kinds (string, list, dict, closure, ...); null for scalars.</summary>
    public readonly object? Ref;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        Ref = reference;
    }

    // ---- cached constants -------------------------------------------------------------

    public static readonly Value Nil = default;
    public static readonly Value True = new(ValueKind.Bool, 1, null);
    public static readonly Value False = new(ValueKind.Bool, 0, null);
    public static readonly Value EmptyString = new(ValueKind.String, 0, string.Empty);

    // ---- factories (one per kind) -----------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromInt(long value) => new(ValueKind.Int, value, null);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromFloat(double value) => new(ValueKind.Float, BitConverter.DoubleToInt64Bits(value), null);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromBool(bool value) => new(ValueKind.Bool, value ? 1 : 0, null);

    /// <summary>A duration in whole milliseconds.</summary>
    public static Value FromDuration(long milliseconds) => new(ValueKind.Duration, milliseconds, null);

    public static Value FromString(string value) => new(ValueKind.String, 0, value);

    public static Value FromBytes(byte[] value) => new(ValueKind.Bytes, 0, value);

    public static Value FromList(HarnList value) => new(ValueKind.List, 0, value);

    public static Value FromDict(HarnDict value) => new(ValueKind.Dict, 0, value);

    /// <summary>Wraps a reference object under an explicit kind (sets, closures, enums, ...).</summary>
    public static Value FromObject(ValueKind kind, object value) => new(kind, 0, value);

    /// <summary>Wraps a host object that describes itself.</summary>
    public static Value FromHarnObject(IHarnObject value) => new(ValueKind.Object, 0, value);

    /// <summary>
    /// Stores <paramref name="source"/> into a heap slot. A value without a reference is rebuilt
    /// with a constant null, which lets the JIT skip the GC write barrier a struct copy pays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(ref Value destination, in Value source)
    {
        if (source.Ref is null)
        {
            destination = new Value(source.Kind, source._bits, null);
        }
        else
        {
            destination = source;
        }
    }

    // ---- type tests -------------------------------------------------------------------

    public bool IsNil => Kind == ValueKind.Nil;
    public bool IsInt => Kind == ValueKind.Int;
    public bool IsFloat => Kind == ValueKind.Float;
    public bool IsNumber => Kind is ValueKind.Int or ValueKind.Float;
    public bool IsString => Kind == ValueKind.String;
    public bool IsList => Kind == ValueKind.List;
    public bool IsDict => Kind == ValueKind.Dict;

    // ---- accessors (callers check Kind first) -----------------------------------------

    public long AsInt
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bits;
    }

    public double AsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => BitConverter.Int64BitsToDouble(_bits);
    }

    /// <summary>Int or float as a double.</summary>
    public double AsNumber => Kind == ValueKind.Int ? _bits : BitConverter.Int64BitsToDouble(_bits);

    public bool AsBool => _bits != 0;

    public long AsDurationMs => _bits;

    public string AsString => (string)Ref!;

    public HarnList AsList => (HarnList)Ref!;

    public HarnDict AsDict => (HarnDict)Ref!;

    public T As<T>() where T : class => (T)Ref!;

    /// <summary>Raw payload bits, for hashing and identity checks.</summary>
    internal long Bits => _bits;

    public override string ToString() => ValueFormatter.Display(this);
}
