using System.Runtime.CompilerServices;

namespace Harn.Runtime;

/// <summary>
/// Harn's arithmetic operators. Int arithmetic wraps; any float operand makes the result a
/// float. Each operator handles int/int and float/float inline and leaves everything else to a
/// separate cold method.
/// </summary>
public static class Arithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Add(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return Value.FromInt(unchecked(a.AsInt + b.AsInt));
        }

        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Float)
        {
            return Value.FromFloat(a.AsFloat + b.AsFloat);
        }

        return AddSlow(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Subtract(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return Value.FromInt(unchecked(a.AsInt - b.AsInt));
        }

        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Float)
        {
            return Value.FromFloat(a.AsFloat - b.AsFloat);
        }

        return SubtractSlow(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Multiply(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return Value.FromInt(unchecked(a.AsInt * b.AsInt));
        }

        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Float)
        {
            return Value.FromFloat(a.AsFloat * b.AsFloat);
        }

        return MultiplySlow(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Divide(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int && b.AsInt > 0)
        {
            return Value.FromInt(a.AsInt / b.AsInt);
        }

        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Float)
        {
            return Value.FromFloat(a.AsFloat / b.AsFloat);
        }

        return DivideSlow(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Modulo(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int && b.AsInt > 0)
        {
            return Value.FromInt(a.AsInt % b.AsInt);
        }

        return ModuloSlow(a, b);
    }

    public static Value Power(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            var exponent = b.AsInt;
            if (exponent >= 0 && exponent <= uint.MaxValue)
            {
                return Value.FromInt(IntPower(a.AsInt, (uint)exponent));
            }

            return Value.FromFloat(Math.Pow(a.AsInt, exponent));
        }

        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(Math.Pow(a.AsNumber, b.AsNumber));
        }

        throw RuntimeErrors.Type($"Cannot exponentiate {TypeNames.Of(a)} by {TypeNames.Of(b)}");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Negate(Value a)
    {
        if (a.Kind == ValueKind.Int)
        {
            return Value.FromInt(unchecked(-a.AsInt));
        }

        if (a.Kind == ValueKind.Float)
        {
            return Value.FromFloat(-a.AsFloat);
        }

        throw RuntimeErrors.Runtime($"Cannot negate value of type {TypeNames.Of(a)}");
    }

    /// <summary>Wrapping integer power by squaring.</summary>
    private static long IntPower(long value, uint exponent)
    {
        long result = 1;
        unchecked
        {
            while (exponent > 0)
            {
                if ((exponent & 1) != 0)
                {
                    result *= value;
                }

                exponent >>= 1;
                value *= value;
            }
        }

        return result;
    }

    private static Value AddSlow(Value a, Value b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(a.AsNumber + b.AsNumber);
        }

        switch (a.Kind)
        {
            case ValueKind.String when b.Kind == ValueKind.String:
                TextLength.Check((long)a.AsString.Length + b.AsString.Length, "string concatenation");
                return Value.FromString(string.Concat(a.AsString, b.AsString));
            case ValueKind.List when b.Kind == ValueKind.List:
                return Value.FromList(Concat(a.AsList, b.AsList));
            case ValueKind.Dict when b.Kind == ValueKind.Dict:
                return Value.FromDict(Merge(a.AsDict, b.AsDict));
            default:
                throw RuntimeErrors.Type($"Cannot add {TypeNames.Of(a)} and {TypeNames.Of(b)}");
        }
    }

    /// <summary>The two lists one after the other.</summary>
    public static HarnList Concat(HarnList left, HarnList right)
    {
        if (right.Count == 0)
        {
            return left;
        }

        return left.Count == 0 ? right : left.AppendRange(right.AsSpan());
    }

    /// <summary>Both dicts' entries; on a shared key the right one wins.</summary>
    public static HarnDict Merge(HarnDict left, HarnDict right)
    {
        if (right.Count == 0)
        {
            return left;
        }

        if (left.Count == 0)
        {
            return right;
        }

        return left.Merge(right);
    }

    private static Value SubtractSlow(Value a, Value b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(a.AsNumber - b.AsNumber);
        }

        throw RuntimeErrors.Type($"Cannot subtract {TypeNames.Of(b)} from {TypeNames.Of(a)}");
    }

    private static Value MultiplySlow(Value a, Value b)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(a.AsNumber * b.AsNumber);
        }

        if (a.Kind == ValueKind.String && b.Kind == ValueKind.Int)
        {
            return Value.FromString(Repeat(a.AsString, b.AsInt));
        }

        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.String)
        {
            return Value.FromString(Repeat(b.AsString, a.AsInt));
        }

        throw RuntimeErrors.Type($"Cannot multiply {TypeNames.Of(a)} and {TypeNames.Of(b)}");
    }

    /// <summary><paramref name="text"/> repeated <paramref name="count"/> times; empty for a count ≤ 0.</summary>
    public static string Repeat(string text, long count)
    {
        if (count <= 0 || text.Length == 0)
        {
            return string.Empty;
        }

        if (count > TextLength.Max / text.Length)
        {
            throw RuntimeErrors.Runtime($"string repeat of {count} would exceed the maximum string length");
        }

        return new System.Text.StringBuilder(text.Length * (int)count).Insert(0, text, (int)count).ToString();
    }

    private static Value DivideSlow(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            var divisor = b.AsInt;
            if (divisor == 0)
            {
                throw RuntimeErrors.DivisionByZero();
            }

            // long.MinValue / -1 overflows; wrap like the other int operators.
            return Value.FromInt(divisor == -1 ? unchecked(-a.AsInt) : a.AsInt / divisor);
        }

        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(a.AsNumber / b.AsNumber);
        }

        throw RuntimeErrors.Runtime($"Cannot divide {TypeNames.Of(a)} by {TypeNames.Of(b)}");
    }

    private static Value ModuloSlow(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            var divisor = b.AsInt;
            if (divisor == 0)
            {
                throw RuntimeErrors.DivisionByZero();
            }

            return Value.FromInt(divisor == -1 ? 0 : a.AsInt % divisor);
        }

        if (a.IsNumber && b.IsNumber)
        {
            var divisor = b.AsNumber;
            if (divisor == 0)
            {
                throw RuntimeErrors.DivisionByZero();
            }

            return Value.FromFloat(a.AsNumber % divisor);
        }

        throw RuntimeErrors.Runtime($"Cannot modulo {TypeNames.Of(a)} by {TypeNames.Of(b)}");
    }
}
