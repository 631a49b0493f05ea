namespace Harn.Runtime;

/// <summary>
/// Recursive walks over values (display, equality, hashing, JSON) stop at this depth with a Harn
/// error instead of exhausting the host thread's stack on a pathologically nested value.
/// </summary>
internal static class NestingLimit
{
    public const int MaxDepth = 512;

    public static void Check(int depth)
    {
        if (depth > MaxDepth)
        {
            Throw();
        }
    }

    private static void Throw() =>
        throw HarnRuntimeException.Runtime($"value is nested more than {MaxDepth} levels deep");
}
