using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>Math builtins: rounding, powers, trigonometry, statistics and random numbers.</summary>
internal static class MathBuiltins
{
    /// <summary>Names that upstream exposes as global constants rather than functions.</summary>
    public static IReadOnlyDictionary<string, Value> Constants { get; } = new Dictionary<string, Value>(StringComparer.Ordinal)
    {
        ["pi"] = Value.FromFloat(Math.PI),
        ["e"] = Value.FromFloat(Math.E),
    };

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("abs", (_, args) => Abs(Args.At(args, 0)));
        registry.Register("floor", (_, args) => Rounded(args, "floor", Math.Floor));
        registry.Register("ceil", (_, args) => Rounded(args, "ceil", Math.Ceiling));
        registry.Register("round", (_, args) => Rounded(args, "round", x => Math.Round(x, MidpointRounding.AwayFromZero)));
        registry.Register("sqrt", (_, args) => Value.FromFloat(Math.Sqrt(Args.Number(args, 0, "sqrt"))));
        registry.Register("pow", (_, args) => Arithmetic.Power(Numeric(args, 0, "pow"), Numeric(args, 1, "pow")));
        registry.Register("min", (ctx, args) => MinMax(ctx, args, max: false));
        registry.Register("max", (ctx, args) => MinMax(ctx, args, max: true));
        registry.Register("sin", Unary("sin", Math.Sin));
        registry.Register("cos", Unary("cos", Math.Cos));
        registry.Register("tan", Unary("tan", Math.Tan));
        registry.Register("asin", Unary("asin", Math.Asin));
        registry.Register("acos", Unary("acos", Math.Acos));
        registry.Register("atan", Unary("atan", Math.Atan));
        registry.Register("atan2", (_, args) => Value.FromFloat(Math.Atan2(Args.Number(args, 0, "atan2"), Args.Number(args, 1, "atan2"))));
        registry.Register("log2", Unary("log2", Math.Log2));
        registry.Register("log10", Unary("log10", Math.Log10));
        registry.Register("ln", Unary("ln", Math.Log));
        registry.Register("exp", Unary("exp", Math.Exp));
        registry.Register("sign", (_, args) => Value.FromInt(Sign(Numeric(args, 0, "sign"))));
        registry.Register("is_nan", (_, args) => Value.FromBool(Args.At(args, 0).Kind == ValueKind.Float && double.IsNaN(args[0].AsFloat)));
        registry.Register("is_infinite", (_, args) => Value.FromBool(Args.At(args, 0).Kind == ValueKind.Float && double.IsInfinity(args[0].AsFloat)));
        registry.Register("mean", (_, args) => Value.FromFloat(Mean(Numbers(args, "mean"))));
        registry.Register("median", (_, args) => Value.FromFloat(Median(Numbers(args, "median"))));
        registry.Register("variance", (_, args) => Value.FromFloat(Variance(Numbers(args, "variance"), Truthiness.IsTruthy(Args.At(args, 1)))));
        registry.Register("stddev", (_, args) => Value.FromFloat(Math.Sqrt(Variance(Numbers(args, "stddev"), Truthiness.IsTruthy(Args.At(args, 1))))));
        registry.Register("percentile", (_, args) => Value.FromFloat(Percentile(Numbers(args, "percentile"), Args.Number(args, 1, "percentile"))));
        registry.Register("rng_seed", (_, args) => Value.FromObject(ValueKind.Rng, new HarnRng(new Random(unchecked((int)Args.Int(args, 0, "rng_seed"))))));
        registry.Register("random", Random);
        registry.Register("random_int", RandomInt);
        registry.Register("random_choice", RandomChoice);
        registry.Register("random_shuffle", RandomShuffle);
    }

    private static BuiltinFunction Unary(string name, Func<double, double> function) =>
        (_, args) => Value.FromFloat(function(Args.Number(args, 0, name)));

    private static Value Numeric(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.IsNumber ? value : throw Args.Expected(function, "a number", value);
    }

    private static Value Abs(Value value) => value.Kind switch
    {
        ValueKind.Int => Value.FromInt(value.AsInt == long.MinValue ? long.MinValue : Math.Abs(value.AsInt)),
        ValueKind.Float => Value.FromFloat(Math.Abs(value.AsFloat)),
        _ => throw Args.Expected("abs", "a number", value),
    };

    /// <summary>floor/ceil/round: ints pass through, floats become ints (non-finite floats stay floats).</summary>
    private static Value Rounded(ReadOnlySpan<Value> args, string name, Func<double, double> rounding)
    {
        var value = Numeric(args, 0, name);
        if (value.Kind == ValueKind.Int)
        {
            return value;
        }

        var rounded = rounding(value.AsFloat);
        return double.IsFinite(rounded) ? Value.FromInt(Core.SaturatingTruncate(rounded)) : Value.FromFloat(rounded);
    }

    private static long Sign(Value value) => value.Kind == ValueKind.Int ? Math.Sign(value.AsInt) : double.IsNaN(value.AsFloat) ? 0 : Math.Sign(value.AsFloat);

    /// <summary><c>min(a, b)</c> on numbers (float if either is), or <c>min(list)</c>.</summary>
    private static Value MinMax(BuiltinContext context, ReadOnlySpan<Value> args, bool max)
    {
        if (args.Length == 1 && args[0].Kind == ValueKind.List)
        {
            return Callbacks.Extreme(context, args[0].AsList.AsSpan(), Value.Nil, max);
        }

        var a = Args.At(args, 0);
        var b = Args.At(args, 1);
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            return Value.FromInt(max ? Math.Max(a.AsInt, b.AsInt) : Math.Min(a.AsInt, b.AsInt));
        }

        if (a.IsNumber && b.IsNumber)
        {
            return Value.FromFloat(max ? Math.Max(a.AsNumber, b.AsNumber) : Math.Min(a.AsNumber, b.AsNumber));
        }

        var comparison = ValueComparer.Compare(a, b);
        return max ? (comparison >= 0 ? a : b) : (comparison <= 0 ? a : b);
    }

    private static double[] Numbers(ReadOnlySpan<Value> args, string function)
    {
        var list = Args.List(args, 0, function);
        var numbers = new double[list.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = list[i].IsNumber ? list[i].AsNumber : throw RuntimeErrors.Runtime($"{function}: items must be numbers");
        }

        return numbers;
    }

    private static void RequireItems(double[] items)
    {
        if (items.Length == 0)
        {
            throw RuntimeErrors.Runtime("items must not be empty");
        }
    }

    private static double Mean(double[] items)
    {
        RequireItems(items);
        return items.Sum() / items.Length;
    }

    private static double Median(double[] items)
    {
        RequireItems(items);
        var sorted = items.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double Variance(double[] items, bool sample)
    {
        RequireItems(items);
        if (sample && items.Length < 2)
        {
            throw RuntimeErrors.Runtime("sample variance requires at least 2 values");
        }

        var mean = items.Sum() / items.Length;
        var squares = items.Sum(x => (x - mean) * (x - mean));
        return squares / (sample ? items.Length - 1 : items.Length);
    }

    /// <summary>R-7 (linear interpolation between closest ranks) percentile.</summary>
    private static double Percentile(double[] items, double p)
    {
        RequireItems(items);
        if (p < 0 || p > 100 || double.IsNaN(p))
        {
            throw RuntimeErrors.Runtime("percentile must be between 0 and 100");
        }

        var sorted = items.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }

    /// <summary>A leading rng argument selects the seeded generator; otherwise the shared one is used.</summary>
    private static Random Generator(ref ReadOnlySpan<Value> args)
    {
        if (args.Length > 0 && args[0].Kind == ValueKind.Rng && args[0].Ref is HarnRng rng)
        {
            args = args[1..];
            return rng.Random;
        }

        return System.Random.Shared;
    }

    private static Value Random(BuiltinContext context, ReadOnlySpan<Value> args) => Value.FromFloat(Generator(ref args).NextDouble());

    private static Value RandomInt(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var random = Generator(ref args);
        var low = Args.Int(args, 0, "random_int");
        var high = Args.Int(args, 1, "random_int");
        if (high < low)
        {
            throw RuntimeErrors.Runtime("random_int: max must be >= min");
        }

        return Value.FromInt(high == long.MaxValue ? random.NextInt64(low, high) : random.NextInt64(low, high + 1));
    }

    private static Value RandomChoice(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var random = Generator(ref args);
        var list = Args.List(args, 0, "random_choice");
        return list.Count == 0 ? Value.Nil : list[random.Next(list.Count)];
    }

    private static Value RandomShuffle(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var random = Generator(ref args);
        var items = Args.List(args, 0, "random_shuffle").AsSpan().ToArray();
        random.Shuffle(items);
        return Value.FromList(HarnList.Create(items));
    }
}
