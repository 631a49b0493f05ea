using CsCheck;

namespace Harn.Vm.Tests.Fuzz;

/// <summary>
/// Mutates programs from the seed corpus (the conformance .harn files): deletes, duplicates or
/// moves a span, inserts a token, flips a character, truncates, or splices two seeds.
/// </summary>
internal static class SeedMutator
{
    private static readonly string[] Tokens =
    [
        "{", "}", "(", ")", "[", "]", ",", ":", "->", "=>", "=", "==", "+", "-", "*", "/", "%", "!", "?", "??", "|>", ".", "..",
        "\"", "'", "\"\"\"", "${", "\\", "\n", " ", "let ", "var ", "fn ", "if ", "else ", "for ", "in ", "while ", "match ",
        "return ", "throw ", "try ", "catch ", "finally ", "spawn ", "yield ", "import ", "pipeline ", "type ", "enum ", "struct ",
        "0", "-1", "9223372036854775807", "1e309", "nil", "true", "\0", "\uD800", "\uFFFD", "\u200B",
    ];

    public static Gen<string> Mutant(IReadOnlyList<string> seeds)
    {
        var seed = Gen.Int[0, seeds.Count - 1].Select(i => seeds[i]);
        return Gen.Select(seed, seed, Gen.Int[1, 4], Gen.Int, (first, second, rounds, salt) =>
        {
            var random = new Random(salt);
            var text = first;
            for (var i = 0; i < rounds; i++)
            {
                text = Mutate(text, second, random);
            }

            return text;
        });
    }

    private static string Mutate(string text, string other, Random random)
    {
        if (text.Length == 0)
        {
            return Tokens[random.Next(Tokens.Length)];
        }

        var at = random.Next(text.Length);
        var length = Math.Min(text.Length - at, 1 + random.Next(40));
        return random.Next(8) switch
        {
            0 => text.Remove(at, length),
            1 => text.Insert(at, text.Substring(at, length)),
            2 => text.Insert(at, Tokens[random.Next(Tokens.Length)]),
            3 => text[..at] + (char)random.Next(0x20, 0x7F) + text[(at + 1)..],
            4 => text[..at],
            5 => text[..at] + other[random.Next(other.Length + 1)..],
            6 => Move(text, at, length, random),
            _ => text.Insert(at, string.Concat(Enumerable.Repeat(Tokens[random.Next(12)], 1 + random.Next(300)))),
        };
    }

    private static string Move(string text, int at, int length, Random random)
    {
        var span = text.Substring(at, length);
        var rest = text.Remove(at, length);
        return rest.Insert(random.Next(rest.Length + 1), span);
    }
}
