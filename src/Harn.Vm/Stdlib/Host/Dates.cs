using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>
/// Dates and durations. A date is a Unix timestamp in seconds (int when whole, float with a
/// fraction), or a dict with a <c>timestamp</c> field; zones are IANA names. <c>date_format</c>
/// speaks chrono's strftime dialect (<c>%Y %m %d %H %M %S %A %B %j %s %Z %z %:z %f %3f</c> ...).
/// </summary>
internal static partial class Dates
{
    private const string DefaultFormat = "%Y-%m-%d %H:%M:%S";

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("timestamp", (_, _) => Value.FromFloat(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0));
        registry.Register("date_now", (_, _) => InZone(Instant.Now(), TimeZoneInfo.Utc, "UTC"));
        registry.Register("date_now_iso", (_, _) => Value.FromString(Rfc3339(Instant.Now(), TimeZoneInfo.Utc)));
        registry.Register("date_iso", (_, _) => Value.FromString(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        registry.Register("date_parse", (_, args) => Parse(Args.String(args, 0, "date_parse")).ToValue());
        registry.Register("date_format", Format);
        registry.Register("date_in_zone", (_, args) => InZone(Date(args, 0, "date_in_zone"), Zone(Args.String(args, 1, "date_in_zone")), Args.String(args, 1, "date_in_zone")));
        registry.Register("date_to_zone", (_, args) => Value.FromString(Rfc3339(Date(args, 0, "date_to_zone"), Zone(Args.String(args, 1, "date_to_zone")))));
        registry.Register("date_from_components", FromComponents);
        registry.Register("date_add", DateAdd);
        registry.Register("date_diff", (_, args) => Value.FromDuration(Date(args, 0, "date_diff").MillisecondsSince(Date(args, 1, "date_diff"))));
        registry.Register("weekday_name", (_, args) => Value.FromString(Local(Date(args, 0, "weekday_name"), OptionalZone(args, 1, "weekday_name")).DayOfWeek.ToString()));
        registry.Register("month_name", (_, args) => Value.FromString(MonthNames[Local(Date(args, 0, "month_name"), OptionalZone(args, 1, "month_name")).Month - 1]));
        registry.Register("duration_ms", (_, args) => Duration(args, "duration_ms", 1));
        registry.Register("duration_seconds", (_, args) => Duration(args, "duration_seconds", 1000));
        registry.Register("duration_minutes", (_, args) => Duration(args, "duration_minutes", 60_000));
        registry.Register("duration_hours", (_, args) => Duration(args, "duration_hours", 3_600_000));
        registry.Register("duration_days", (_, args) => Duration(args, "duration_days", 86_400_000));
        registry.Register("duration_to_seconds", (_, args) => Value.FromInt(DurationMs(args, 0, "duration_to_seconds") / 1000));
        registry.Register("duration_to_human", (_, args) => Value.FromString(Human(DurationMs(args, 0, "duration_to_human"))));
    }

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>A point in time as whole seconds plus nanoseconds; <see cref="Fractional"/> says whether it prints as a float.</summary>
    private readonly record struct Instant(long Seconds, long Nanos, bool Fractional)
    {
        public static Instant Now()
        {
            var ticks = DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            return new Instant(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100, true);
        }

        /// <summary>Whole seconds plus a nanosecond count of any size or sign, normalised to 0 &lt;= nanos &lt; 1e9.</summary>
        public static Instant FromParts(long seconds, long nanos, bool fractional)
        {
            var carry = Math.DivRem(nanos, 1_000_000_000, out var rest);
            if (rest < 0)
            {
                rest += 1_000_000_000;
                carry--;
            }

            return new Instant(seconds + carry, rest, fractional);
        }

        public long MillisecondsSince(Instant other) => ((Seconds - other.Seconds) * 1000) + ((Nanos - other.Nanos) / 1_000_000);

        /// <summary>A float timestamp, rounded to the microsecond (a double holds no more at today's magnitudes).</summary>
        public static Instant FromDouble(double seconds)
        {
            var whole = Math.Floor(seconds);
            var micros = (long)Math.Round((seconds - whole) * 1_000_000);
            return FromParts((long)whole, micros * 1000, true);
        }

        /// <summary>Years 1 to 9999, the range dates can be shown in.</summary>
        public DateTime Utc => Seconds is >= -62_135_596_800 and <= 253_402_300_799
            ? DateTime.UnixEpoch.AddSeconds(Seconds).AddTicks(Nanos / 100)
            : throw RuntimeErrors.Runtime($"timestamp out of range: {Seconds}");

        public Value ToValue() => Fractional && Nanos != 0 ? Value.FromFloat(Seconds + (Nanos / 1e9)) : Value.FromInt(Seconds);
    }

    private static Instant Date(ReadOnlySpan<Value> args, int index, string function) => DateOf(Args.At(args, index), function);

    private static Instant DateOf(Value value, string function) => value.Kind switch
    {
        ValueKind.Int => new Instant(value.AsInt, 0, false),
        ValueKind.Float => Instant.FromDouble(value.AsFloat),
        ValueKind.String => Parse(value.AsString),
        ValueKind.Dict when value.AsDict.TryGetValue("timestamp", out var inner) && inner.IsNumber => DateOf(inner, function),
        _ => throw Args.Expected(function, "a timestamp or date dict", value),
    };

    public static TimeZoneInfo Zone(string name)
    {
        if (name is "UTC" or "Z" or "utc" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw RuntimeErrors.Runtime($"Unknown timezone: {name}");
        }
    }

    private static TimeZoneInfo OptionalZone(ReadOnlySpan<Value> args, int index, string function) =>
        Args.At(args, index).IsNil ? TimeZoneInfo.Utc : Zone(Args.String(args, index, function));

    private static DateTime Local(Instant instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(instant.Utc, zone);

    private static TimeSpan Offset(Instant instant, TimeZoneInfo zone) => zone.GetUtcOffset(instant.Utc);

    private static string OffsetText(TimeSpan offset, bool colon)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return colon ? $"{sign}{abs.Hours:00}:{abs.Minutes:00}" : $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }

    /// <summary>RFC 3339 with the zone's offset; the fraction appears only when non-zero, in 3, 6 or 9 digits.</summary>
    private static string Rfc3339(Instant instant, TimeZoneInfo zone)
    {
        var local = Local(instant, zone);
        var text = new StringBuilder(local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (instant.Nanos != 0)
        {
            text.Append('.').Append(instant.Nanos % 1_000_000 == 0 ? (instant.Nanos / 1_000_000).ToString("000", CultureInfo.InvariantCulture)
                : instant.Nanos % 1000 == 0 ? (instant.Nanos / 1000).ToString("000000", CultureInfo.InvariantCulture)
                : instant.Nanos.ToString("000000000", CultureInfo.InvariantCulture));
        }

        return text.Append(OffsetText(Offset(instant, zone), colon: true)).ToString();
    }

    private static Value InZone(Instant instant, TimeZoneInfo zone, string zoneName)
    {
        var local = Local(instant, zone);
        return HostValues.Dict(
            ("year", Value.FromInt(local.Year)),
            ("month", Value.FromInt(local.Month)),
            ("day", Value.FromInt(local.Day)),
            ("hour", Value.FromInt(local.Hour)),
            ("minute", Value.FromInt(local.Minute)),
            ("second", Value.FromInt(local.Second)),
            ("weekday", Value.FromString(local.DayOfWeek.ToString())),
            ("zone", Value.FromString(zoneName)),
            ("offset_seconds", Value.FromInt((long)Offset(instant, zone).TotalSeconds)),
            ("timestamp", instant.Fractional ? Value.FromFloat(instant.Seconds + (instant.Nanos / 1e9)) : Value.FromInt(instant.Seconds)),
            ("iso8601", Value.FromString(Rfc3339(instant, zone))));
    }

    [GeneratedRegex(@"^\s*(-?\d{4,})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC)?\s*$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>RFC 3339 / ISO 8601 first; otherwise the numbers in the text as year, month, day, hour, minute, second.</summary>
    private static Instant Parse(string text)
    {
        var match = IsoDate().Match(text);
        long[] parts;
        long nanos = 0;
        var offsetSeconds = 0L;
        if (match.Success)
        {
            parts = [.. Enumerable.Range(1, 6).Select(i => match.Groups[i].Success ? long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0)];
            if (match.Groups[7].Success)
            {
                nanos = long.Parse(match.Groups[7].Value.PadRight(9, '0'), CultureInfo.InvariantCulture);
            }

            var zone = match.Groups[8].Value;
            if (zone.Length > 0 && zone[0] is '+' or '-')
            {
                var digits = zone[1..].Replace(":", string.Empty);
                offsetSeconds = ((int.Parse(digits[..2], CultureInfo.InvariantCulture) * 3600) + (int.Parse(digits[2..], CultureInfo.InvariantCulture) * 60)) * (zone[0] == '-' ? -1 : 1);
            }
        }
        else
        {
            var numbers = Digits().Matches(text).Select(m => m.Value).ToList();
            if (numbers.Count < 3 || numbers.Any(n => n.Length > 9))
            {
                throw RuntimeErrors.Runtime($"Cannot parse date: {text}");
            }

            parts = [.. Enumerable.Range(0, 6).Select(i => i < numbers.Count ? long.Parse(numbers[i], CultureInfo.InvariantCulture) : 0)];
        }

        if (parts[1] is < 1 or > 12 || parts[2] < 1 || parts[0] is < 1 or > 9999 || parts[2] > DateTime.DaysInMonth((int)parts[0], (int)parts[1])
            || parts[3] > 23 || parts[4] > 59 || parts[5] > 60)
        {
            throw RuntimeErrors.Runtime($"Cannot parse date: {text}");
        }

        var utc = new DateTime((int)parts[0], (int)parts[1], (int)parts[2], (int)parts[3], (int)parts[4], (int)Math.Min(parts[5], 59), DateTimeKind.Utc);
        var seconds = (long)(utc - DateTime.UnixEpoch).TotalSeconds - offsetSeconds;
        return new Instant(seconds, nanos, nanos != 0);
    }

    private static Value Format(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var instant = Date(args, 0, "date_format");
        var format = Args.OptionalString(args, 1, "date_format", DefaultFormat);
        var zone = OptionalZone(args, 2, "date_format");
        return Value.FromString(Strftime(instant, format, zone));
    }

    private static string Strftime(Instant instant, string format, TimeZoneInfo zone)
    {
        var local = Local(instant, zone);
        var offset = Offset(instant, zone);
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                text.Append(format[i]);
                continue;
            }

            var spec = format[++i];
            if (spec is >= '1' and <= '9' && i + 1 < format.Length && format[i + 1] == 'f')
            {
                i++;
                text.Append(instant.Nanos.ToString("000000000", invariant)[..(spec - '0')]);
                continue;
            }

            if (spec == '.' && i + 2 < format.Length && format[i + 2] == 'f' && format[i + 1] is >= '1' and <= '9')
            {
                text.Append('.').Append(instant.Nanos.ToString("000000000", invariant)[..(format[i + 1] - '0')]);
                i += 2;
                continue;
            }

            if (spec == ':' && i + 1 < format.Length && format[i + 1] == 'z')
            {
                i++;
                text.Append(OffsetText(offset, colon: true));
                continue;
            }

            text.Append(spec switch
            {
                'Y' => local.Year.ToString("0000", invariant),
                'y' => (local.Year % 100).ToString("00", invariant),
                'C' => (local.Year / 100).ToString("00", invariant),
                'm' => local.Month.ToString("00", invariant),
                'd' => local.Day.ToString("00", invariant),
                'e' => local.Day.ToString(invariant).PadLeft(2),
                'H' => local.Hour.ToString("00", invariant),
                'I' => (((local.Hour + 11) % 12) + 1).ToString("00", invariant),
                'M' => local.Minute.ToString("00", invariant),
                'S' => local.Second.ToString("00", invariant),
                'p' => local.Hour < 12 ? "AM" : "PM",
                'P' => local.Hour < 12 ? "am" : "pm",
                'A' => local.DayOfWeek.ToString(),
                'a' => local.DayOfWeek.ToString()[..3],
                'B' => MonthNames[local.Month - 1],
                'b' or 'h' => MonthNames[local.Month - 1][..3],
                'j' => local.DayOfYear.ToString("000", invariant),
                'u' => (local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek).ToString(invariant),
                'w' => ((int)local.DayOfWeek).ToString(invariant),
                's' => instant.Seconds.ToString(invariant),
                'f' => instant.Nanos.ToString("000000000", invariant),
                'z' => OffsetText(offset, colon: false),
                'Z' => ZoneAbbreviation(instant, zone, offset),
                'F' => local.ToString("yyyy-MM-dd", invariant),
                'T' => local.ToString("HH:mm:ss", invariant),
                'R' => local.ToString("HH:mm", invariant),
                'D' => local.ToString("MM/dd/yy", invariant),
                'n' => "\n",
                't' => "\t",
                '%' => "%",
                _ => "%" + spec,
            });
        }

        return text.ToString();
    }

    private static string ZoneAbbreviation(Instant instant, TimeZoneInfo zone, TimeSpan offset)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return "UTC";
        }

        var isDaylight = zone.IsDaylightSavingTime(instant.Utc);
        return ZoneAbbreviations.Find(zone.Id, (int)offset.TotalSeconds, isDaylight) ?? OffsetText(offset, colon: true);
    }

    private static Value FromComponents(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var parts = Args.Dict(args, 0, "date_from_components");
        var zone = OptionalZone(args, 1, "date_from_components");
        int Part(string key, int fallback) => (int)(parts.GetInt(key) ?? fallback);
        var year = Part("year", 1970);
        var month = Part("month", 1);
        var day = Part("day", 1);
        if (month is < 1 or > 12 || year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw RuntimeErrors.Runtime($"date_from_components: invalid date {year}-{month}-{day}");
        }

        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified)
            .AddHours(Part("hour", 0)).AddMinutes(Part("minute", 0)).AddSeconds(Part("second", 0));
        var utc = zone == TimeZoneInfo.Utc ? local : TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return Value.FromInt((long)(utc - DateTime.UnixEpoch).TotalSeconds);
    }

    private static Value DateAdd(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var instant = Date(args, 0, "date_add");
        var milliseconds = DurationMs(args, 1, "date_add");
        var sum = Instant.FromParts(instant.Seconds + (milliseconds / 1000), instant.Nanos + (milliseconds % 1000 * 1_000_000), instant.Fractional || milliseconds % 1000 != 0);
        return sum.ToValue();
    }

    private static long DurationMs(ReadOnlySpan<Value> args, int index, string function)
    {
        var value = Args.At(args, index);
        return value.Kind switch
        {
            ValueKind.Duration => value.AsDurationMs,
            ValueKind.Int => value.AsInt,
            ValueKind.Float => (long)Math.Round(value.AsFloat),
            _ => throw Args.Expected(function, "a duration", value),
        };
    }

    private static Value Duration(ReadOnlySpan<Value> args, string function, long unit) =>
        Value.FromDuration((long)Math.Round(Args.Number(args, 0, function) * unit));

    /// <summary>Compact text such as <c>3h 14m</c> or <c>-2h</c>: the non-zero units from days down to milliseconds.</summary>
    private static string Human(long milliseconds)
    {
        if (milliseconds == 0)
        {
            return "0s";
        }

        var rest = Math.Abs(milliseconds);
        var parts = new List<string>();
        foreach (var (unit, suffix) in new[] { (86_400_000L, "d"), (3_600_000L, "h"), (60_000L, "m"), (1000L, "s"), (1L, "ms") })
        {
            if (rest >= unit)
            {
                parts.Add($"{rest / unit}{suffix}");
                rest %= unit;
            }
        }

        return (milliseconds < 0 ? "-" : string.Empty) + string.Join(' ', parts);
    }
}
