using System.Text;

namespace Harn.Runtime;

/// <summary>
/// String positions and lengths in Unicode scalar values, as Harn counts them. Strings without
/// surrogate pairs (the common case) map one UTF-16 unit to one scalar and take the fast path.
/// </summary>
public static class RuneText
{
    public static int Length(string text)
    {
        var surrogates = CountHighSurrogates(text);
        return text.Length - surrogates;
    }

    /// <summary>The UTF-16 offset of scalar <paramref name="runeIndex"/> (may equal the text length).</summary>
    public static int Utf16Offset(string text, int runeIndex)
    {
        if (CountHighSurrogates(text) == 0)
        {
            return runeIndex;
        }

        var offset = 0;
        for (var i = 0; i < runeIndex && offset < text.Length; i++)
        {
            offset += char.IsHighSurrogate(text[offset]) && offset + 1 < text.Length ? 2 : 1;
        }

        return offset;
    }

    /// <summary>The scalar index of UTF-16 offset <paramref name="utf16Offset"/>.</summary>
    public static int RuneIndex(string text, int utf16Offset)
    {
        var index = 0;
        for (var i = 0; i < utf16Offset; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                index++;
            }
        }

        return index;
    }

    /// <summary>Scalars [<paramref name="start"/>, <paramref name="end"/>) of the text; indexes already clamped.</summary>
    public static string Substring(string text, int start, int end)
    {
        if (end <= start)
        {
            return string.Empty;
        }

        var from = Utf16Offset(text, start);
        var to = Utf16Offset(text, end);
        return text.Substring(from, to - from);
    }

    /// <summary>The scalar at <paramref name="index"/> as a string; the index is already in range.</summary>
    public static string At(string text, int index) => Substring(text, index, index + 1);

    public static string Reverse(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        var builder = new StringBuilder(text.Length);
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static int CountHighSurrogates(string text)
    {
        // Most text has none: a vectorized search settles that without a per-char loop.
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDBFF');
        if (first < 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var c in text.AsSpan(first))
        {
            if (char.IsHighSurrogate(c))
            {
                count++;
            }
        }

        return count;
    }
}
