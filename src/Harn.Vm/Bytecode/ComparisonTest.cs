using System.Runtime.CompilerServices;
using Harn.Runtime;

namespace Harn.Bytecode;

/// <summary>The comparison a fused compare-and-branch instruction makes.</summary>
public enum Comparison
{
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
}

/// <summary>
/// The test operand of the compare-and-branch instructions, one code word: bits 0-2 say which
/// outcomes of an int comparison (less, equal, greater) take the jump, bits 3-5 hold the
/// <see cref="Comparison"/> and bit 6 is set when the jump is taken on a false result.
/// Ints use the outcome bits alone; other values run the comparison itself.
/// </summary>
public static class ComparisonTest
{
    private const int JumpWhenFalse = 1 << 6;

    public static int Encode(Comparison comparison, bool jumpWhen)
    {
        var outcomes = comparison switch
        {
            Comparison.Less => 0b001,
            Comparison.LessEqual => 0b011,
            Comparison.Greater => 0b100,
            Comparison.GreaterEqual => 0b110,
            Comparison.Equal => 0b010,
            _ => 0b101,
        };
        return jumpWhen ? outcomes | ((int)comparison << 3) : (outcomes ^ 0b111) | ((int)comparison << 3) | JumpWhenFalse;
    }

    public static Comparison ComparisonOf(int test) => (Comparison)((test >> 3) & 0b111);

    public static bool JumpsWhen(int test) => (test & JumpWhenFalse) == 0;

    /// <summary>Whether the jump is taken for ints <paramref name="a"/> and <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TakesInt(int test, long a, long b)
    {
        var outcome = (a > b ? 1 : 0) - (a < b ? 1 : 0) + 1;
        return ((test >> outcome) & 1) != 0;
    }

    /// <summary>Whether the jump is taken for any two values (errors as the plain comparison operators raise them).</summary>
    public static bool Takes(int test, Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return TakesInt(test, a.AsInt, b.AsInt);
        }

        var result = ComparisonOf(test) switch
        {
            Comparison.Less => ValueComparer.Less(a, b),
            Comparison.LessEqual => ValueComparer.LessOrEqual(a, b),
            Comparison.Greater => ValueComparer.Greater(a, b),
            Comparison.GreaterEqual => ValueComparer.GreaterOrEqual(a, b),
            Comparison.Equal => ValueEquality.AreEqual(a, b),
            _ => !ValueEquality.AreEqual(a, b),
        };
        return result == JumpsWhen(test);
    }

    /// <summary>Readable form for listings: <c>&lt;</c> jumps when less, <c>!&lt;</c> when not less.</summary>
    public static string Format(int test)
    {
        var symbol = ComparisonOf(test) switch
        {
            Comparison.Less => "<",
            Comparison.LessEqual => "<=",
            Comparison.Greater => ">",
            Comparison.GreaterEqual => ">=",
            Comparison.Equal => "==",
            _ => "!=",
        };
        return JumpsWhen(test) ? symbol : "!" + symbol;
    }
}
