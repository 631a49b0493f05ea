using CsCheck;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>
/// Generates Harn programs that mostly parse: statements and expressions drawn from the grammar,
/// nested up to a depth, over a small pool of names so that variables are often defined. A
/// sprinkle of wrong tokens keeps the error paths of every stage busy too.
/// </summary>
internal static class HarnGrammarGen
{
    private static readonly string[] Names = ["a", "b", "xs", "d", "f", "n", "s"];
    private static readonly string[] BinaryOperators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??", "in"];
    private static readonly string[] Methods = ["len()", "upper()", "trim()", "reverse()", "keys()", "values()", "first()", "map({ v -> v })", "filter({ v -> v })", "split(\",\")", "contains(1)", "push(1)", "to_string()"];
    private static readonly string[] Builtins = ["len", "type_of", "to_string", "to_int", "to_float", "json_stringify", "json_parse", "abs", "min", "max", "range", "sort", "keys", "println", "sha256", "regex_match", "format"];
    private static readonly string[] Stray = ["{", "}", "(", ")", "[", "]", ",", "->", "=", "|>", "..", "\"", "${", "fn", "match", "\0", "\uD800", "\u00e9"];

    private static Gen<string> Name => Gen.OneOf(Names);

    private static Gen<string> Literal => Gen.OneOf(
        Gen.Int[-1000, 1000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("0", "-1", "9223372036854775807", "-9223372036854775808", "1.5", "1e308", "0.0", "nil", "true", "false"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 8].Select(s => "\"" + s + "\""),
        Gen.OneOf("\"\"", "\"${a}\"", "\"a${1 + 1}b\"", "\"\\n\\t\\\\\"", "\"\"\"multi\nline\"\"\"", "'raw'"));

    public static Gen<string> Expression(int depth)
    {
        if (depth <= 0)
        {
            return Gen.OneOf(Literal, Name);
        }

        var inner = Expression(depth - 1);
        return Gen.Frequency(
            (4, Gen.OneOf(Literal, Name)),
            (3, Gen.Select(inner, Gen.OneOf(BinaryOperators), inner, (l, op, r) => $"{l} {op} {r}")),
            (1, inner.Select(e => "-" + e)),
            (1, inner.Select(e => "!" + e)),
            (1, inner.Select(e => "(" + e + ")")),
            (2, inner.List[0, 4].Select(items => "[" + string.Join(", ", items) + "]")),
            (2, Gen.Select(Name, inner).List[0, 3].Select(pairs => "{" + string.Join(", ", pairs.Select(p => $"{p.Item1}: {p.Item2}")) + "}")),
            (2, Gen.Select(Gen.OneOf(Builtins), inner.List[0, 3], (f, args) => $"{f}({string.Join(", ", args)})")),
            (2, Gen.Select(inner, Gen.OneOf(Methods), (e, m) => $"({e}).{m}")),
            (1, Gen.Select(inner, inner, (e, i) => $"({e})[{i}]")),
            (1, Gen.Select(inner, Name, (e, field) => $"({e}).{field}")),
            (1, Gen.Select(Name, inner, (p, body) => $"{{ {p} -> {body} }}")),
            (1, Gen.Select(inner, inner, inner, (c, t, e) => $"if {c} {{ {t} }} else {{ {e} }}")),
            (1, Gen.Select(inner, Literal, inner, inner, (v, p, r, d) => $"match {v} {{ {p} -> {r}\n _ -> {d} }}")),
            (1, Gen.Select(inner, inner, (l, h) => $"{l} to {h}")),
            (1, Gen.Select(inner, Gen.OneOf(Builtins), (e, f) => $"{e} |> {f}")),
            (1, Gen.Select(Name, inner.List[0, 3], (f, args) => $"{f}({string.Join(", ", args)})")));
    }

    public static Gen<string> Statement(int depth)
    {
        var expression = Expression(Math.Min(depth, 3));
        if (depth <= 0)
        {
            return Gen.OneOf(
                Gen.Select(Name, expression, (n, e) => $"{n} = {e}"),
                expression.Select(e => $"println({e})"));
        }

        var block = Statement(depth - 1).List[0, 4].Select(lines => "{\n" + string.Join("\n", lines) + "\n}");
        return Gen.Frequency(
            (7, Gen.Select(Name, expression, (n, e) => $"{n} = {e}")),
            (3, expression.Select(e => $"println({e})")),
            (2, Gen.Select(expression, block, block, (c, t, e) => $"if {c} {t} else {e}")),
            (1, Gen.Select(expression, block, (c, body) => $"while {c} {body}")),
            (2, Gen.Select(Name, expression, block, (n, e, body) => $"for {n} in {e} {body}")),
            (1, Gen.Select(Gen.Int[0, 1000], Name, block, (i, p, body) => $"fn g{i}({p}) {body}")),
            (1, Gen.Select(block, Name, block, (t, e, c) => $"try {t} catch {e} {c}")),
            (1, expression.Select(e => $"throw {e}")),
            (1, expression.Select(e => $"return {e}")),
            (1, Gen.Select(expression, block, (e, body) => $"let t = spawn {body}\nawait(t)")),
            (1, Gen.Select(Name, expression, (n, e) => $"{n}[0] = {e}")),
            (1, Gen.OneOf(Stray)));
    }

    /// <summary>Declares every name of the pool once, so that statements assign rather than redeclare.</summary>
    private const string Prelude = "var a = 1\nvar b = 2\nvar xs = [1, 2, 3]\nvar d = {a: 1}\nvar f = { v -> v }\nvar n = 0\nvar s = \"s\"\n";

    /// <summary>A whole program: top-level statements, sometimes wrapped in a pipeline.</summary>
    public static Gen<string> Program { get; } = Gen.Select(
        Statement(3).List[1, 12],
        Gen.Bool,
        (lines, pipeline) => pipeline
            ? "pipeline default() {\n" + Prelude + string.Join("\n", lines) + "\n}\n"
            : Prelude + string.Join("\n", lines) + "\n");
}
