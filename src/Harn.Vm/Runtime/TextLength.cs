namespace Harn.Runtime;

/// <summary>
/// The longest string Harn builds: 2^28 UTF-16 units (512 MB). A string doubled in a loop, or a
/// list that displays itself into itself, stops with a catchable error here instead of growing
/// until one allocation takes gigabytes.
/// </summary>
internal static class TextLength
{
    public const long Max = 1L << 28;

    /// <summary>Raises <c><paramref name="what"/> would exceed the maximum string length</c> past <see cref="Max"/>.</summary>
    public static void Check(long length, string what)
    {
        if (length > Max)
        {
            throw RuntimeErrors.Runtime($"{what} would exceed the maximum string length");
        }
    }
}
