using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Harn.Stdlib.Host;

/// <summary>
/// Time zone abbreviations (<c>PDT</c>, <c>CET</c>) read from the tz database file of a zone: the
/// current rule's names from the file's POSIX TZ footer (<c>PST8PDT,M3.2.0,M11.1.0</c>), else the
/// local-time types it defines, matched on UTC offset and daylight flag. .NET only exposes these
/// names without ICU, so the file is the dependable source on every host that has one.
/// </summary>
internal static class ZoneAbbreviations
{
    private static readonly string[] ZoneInfoRoots = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"];

    private static readonly ConcurrentDictionary<string, (string? Standard, string? Daylight, (int Offset, bool IsDst, string Name)[] Types)> Zones = new(StringComparer.Ordinal);

    /// <summary>The abbreviation in force for this offset and daylight flag, or null.</summary>
    public static string? Find(string zoneId, int offsetSeconds, bool isDaylight)
    {
        var (standard, daylight, types) = Zones.GetOrAdd(zoneId, Load);
        if ((isDaylight ? daylight : standard) is { } current)
        {
            return current;
        }

        for (var i = types.Length - 1; i >= 0; i--)
        {
            if (types[i].Offset == offsetSeconds && types[i].IsDst == isDaylight && char.IsAsciiLetter(types[i].Name.FirstOrDefault()))
            {
                return types[i].Name;
            }
        }

        return null;
    }

    private static (string?, string?, (int, bool, string)[]) Load(string zoneId)
    {
        if (zoneId.Contains("..", StringComparison.Ordinal))
        {
            return (null, null, []);
        }

        foreach (var root in ZoneInfoRoots)
        {
            var path = Path.Combine(root, zoneId);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                var data = File.ReadAllBytes(path);
                var (standard, daylight) = FooterNames(data);
                return (standard, daylight, Parse(data));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return (null, null, []);
            }
        }

        return (null, null, []);
    }

    /// <summary>The standard and daylight names of the footer TZ string (names are letters or <c>&lt;...&gt;</c>).</summary>
    private static (string?, string?) FooterNames(byte[] data)
    {
        if (data.Length < 2 || data[^1] != '\n')
        {
            return (null, null);
        }

        var start = Array.LastIndexOf(data, (byte)'\n', data.Length - 2);
        if (start < 0)
        {
            return (null, null);
        }

        var footer = System.Text.Encoding.ASCII.GetString(data, start + 1, data.Length - start - 2);
        var position = 0;
        string? Name()
        {
            if (position < footer.Length && footer[position] == '<')
            {
                var close = footer.IndexOf('>', position);
                if (close < 0)
                {
                    return null;
                }

                var quoted = footer[(position + 1)..close];
                position = close + 1;
                return quoted;
            }

            var begin = position;
            while (position < footer.Length && char.IsAsciiLetter(footer[position]))
            {
                position++;
            }

            return position - begin >= 3 ? footer[begin..position] : null;
        }

        var standard = Name();
        if (standard is null)
        {
            return (null, null);
        }

        while (position < footer.Length && (char.IsAsciiDigit(footer[position]) || footer[position] is '+' or '-' or ':'))
        {
            position++;
        }

        var daylight = position < footer.Length && footer[position] != ',' ? Name() : null;
        return (standard, daylight);
    }

    /// <summary>Reads the version-1 block of a TZif file: its local-time types and their abbreviations.</summary>
    private static (int, bool, string)[] Parse(byte[] data)
    {
        if (data.Length < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f')
        {
            return [];
        }

        int Count(int at) => (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at, 4));
        var isUtCount = Count(20);
        var isStdCount = Count(24);
        var leapCount = Count(28);
        var timeCount = Count(32);
        var typeCount = Count(36);
        var charCount = Count(40);
        var typesAt = 44 + (timeCount * 5);
        var charsAt = typesAt + (typeCount * 6);
        if (charsAt + charCount > data.Length || isUtCount < 0 || isStdCount < 0 || leapCount < 0)
        {
            return [];
        }

        var result = new (int, bool, string)[typeCount];
        for (var i = 0; i < typeCount; i++)
        {
            var at = typesAt + (i * 6);
            var offset = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at, 4));
            var isDst = data[at + 4] != 0;
            var nameAt = charsAt + data[at + 5];
            var end = Array.IndexOf(data, (byte)0, nameAt, Math.Max(0, charsAt + charCount - nameAt));
            result[i] = (offset, isDst, end > nameAt ? System.Text.Encoding.ASCII.GetString(data, nameAt, end - nameAt) : string.Empty);
        }

        return result;
    }
}
