using System.Globalization;
using Harn.Runtime;

namespace Harn.Stdlib;

/// <summary>RFC 6901 JSON Pointers over Harn values (<c>/users/0/name</c>, <c>~0</c> = <c>~</c>, <c>~1</c> = <c>/</c>).</summary>
internal static class JsonPointer
{
    public static Value Get(Value root, string pointer)
    {
        var current = root;
        foreach (var token in Tokens(pointer))
        {
            if (!TryStep(current, token, out current))
            {
                return Value.Nil;
            }
        }

        return current;
    }

    /// <summary>A copy with the target replaced or inserted (the parent must exist; <c>-</c> appends to a list).</summary>
    public static Value Set(Value root, string pointer, Value replacement) => Update(root, Tokens(pointer), 0, replacement, delete: false);

    /// <summary>A copy without the target; missing paths leave the value unchanged.</summary>
    public static Value Delete(Value root, string pointer) => Update(root, Tokens(pointer), 0, Value.Nil, delete: true);

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return new List<string>();
        }

        if (pointer[0] != '/')
        {
            throw RuntimeErrors.Runtime($"invalid JSON pointer '{pointer}': must be empty or start with '/'");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static bool TryStep(Value current, string token, out Value next)
    {
        next = Value.Nil;
        switch (current.Kind)
        {
            case ValueKind.Dict:
                return current.AsDict.TryGetValue(token, out next);
            case ValueKind.List when TryIndex(token, current.AsList.Count, out var index):
                next = current.AsList[index];
                return true;
            default:
                return false;
        }
    }

    private static bool TryIndex(string token, int count, out int index) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;

    private static Value Update(Value current, List<string> tokens, int position, Value replacement, bool delete)
    {
        if (position == tokens.Count)
        {
            return replacement;
        }

        NestingLimit.Check(position);
        var token = tokens[position];
        var last = position == tokens.Count - 1;
        switch (current.Kind)
        {
            case ValueKind.Dict:
                {
                    var dict = current.AsDict;
                    if (last)
                    {
                        return Value.FromDict(delete ? dict.Without(token) : dict.With(token, replacement));
                    }

                    return dict.TryGetValue(token, out var child)
                        ? Value.FromDict(dict.With(token, Update(child, tokens, position + 1, replacement, delete)))
                        : current;
                }

            case ValueKind.List:
                {
                    var list = current.AsList;
                    if (last && token == "-" && !delete)
                    {
                        return Value.FromList(list.Append(replacement));
                    }

                    if (!TryIndex(token, list.Count, out var index))
                    {
                        return current;
                    }

                    if (last && delete)
                    {
                        var items = new List<Value>(list);
                        items.RemoveAt(index);
                        return Value.FromList(HarnList.Create(items));
                    }

                    return Value.FromList(list.SetItem(index, last ? replacement : Update(list[index], tokens, position + 1, replacement, delete)));
                }

            default:
                return current;
        }
    }
}
