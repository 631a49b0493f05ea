namespace Harn.Stdlib;

/// <summary>Finds where a JSON object or array embedded in other text ends.</summary>
internal static class JsonBrackets
{
    /// <summary>Index of the bracket closing the one at <paramref name="start"/>, skipping string contents; -1 if none.</summary>
    public static int ClosingIndex(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}
