using System;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// The one timestamp form the tool reads: ISO-8601 with date, time and offset,
/// <c>yyyy-MM-ddTHH:mm[:ss[.f{1,7}]]</c> then <c>Z</c> or <c>±hh:mm</c> (<c>T</c> and <c>Z</c> in either case, as RFC 3339
/// allows; offsets up to ±14:00), straight from UTF-8. Nothing else: no time without a date, no date without a time,
/// no missing offset, no space for <c>T</c>, no other calendar notation. Any instant from 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59.9999999Z is what it says.
/// </summary>
internal static class Iso8601Timestamp
{
    /// <summary>What the message of a refused timestamp says is expected.</summary>
    public const string Expected = "an ISO-8601 timestamp with date, time and offset (yyyy-MM-ddTHH:mm:ss[.fffffff] then Z or ±hh:mm, e.g. 2026-11-23T09:00:00+08:00)";

    /// <summary>The longest text accepted: 27 characters of date and time, 6 of offset.</summary>
    private const int MaxLength = 33;

    private static readonly int[] DaysToMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    public enum Result
    {
        /// <summary>An instant.</summary>
        Parsed,

        /// <summary>Not of the form.</summary>
        Malformed,

        /// <summary>Of the form, but its UTC instant is before year 1 or after year 9999.</summary>
        OutOfRange,
    }

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value) => Parse(text, out value) == Result.Parsed;

    /// <summary>As <see cref="Parse(ReadOnlySpan{byte}, out DateTimeOffset)"/>, for decoded text.</summary>
    public static Result Parse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > MaxLength)
        {
            return Result.Malformed;
        }

        Span<byte> ascii = stackalloc byte[MaxLength];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return Result.Malformed;
            }

            ascii[i] = (byte)text[i];
        }

        return Parse(ascii[..text.Length], out value);
    }

    public static Result Parse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 17 || text.Length > MaxLength
            || text[4] != (byte)'-' || text[7] != (byte)'-' || (text[10] | 0x20) != (byte)'t' || text[13] != (byte)':'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59)
        {
            return Result.Malformed;
        }

        var i = 16;
        var second = 0;
        long fraction = 0;
        if (text[i] == (byte)':')
        {
            if (text.Length < 20 || !TryDigits(text, 17, 2, out second) || second > 59)
            {
                return Result.Malformed;
            }

            i = 19;
            if (text[i] == (byte)'.')
            {
                var digits = 0;
                for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
                {
                    if (digits == 7)
                    {
                        return Result.Malformed;
                    }

                    fraction = (fraction * 10) + (text[i] - '0');
                }

                if (digits == 0)
                {
                    return Result.Malformed;
                }

                for (; digits < 7; digits++)
                {
                    fraction *= 10;
                }
            }
        }

        TimeSpan offset;
        var rest = text[i..];
        if (rest.Length == 1 && (rest[0] | 0x20) == (byte)'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == (byte)':'
            && TryDigits(rest, 1, 2, out var offsetHours) && TryDigits(rest, 4, 2, out var offsetMinutes)
            && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = rest[0] == (byte)'-' ? -offset : offset;
        }
        else
        {
            return Result.Malformed;
        }

        var local = (DaysBefore(year, month) + day - 1) * TimeSpan.TicksPerDay
            + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond) + fraction;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return Result.OutOfRange;
        }

        value = new DateTimeOffset(local, offset);
        return Result.Parsed;
    }

    /// <summary>Days from 0001-01-01 to the first of <paramref name="month"/> of <paramref name="year"/> (proleptic Gregorian).</summary>
    private static long DaysBefore(int year, int month)
    {
        var y = year - 1L;
        var leap = DateTime.IsLeapYear(year) && month > 2 ? 1 : 0;
        return (y * 365) + (y / 4) - (y / 100) + (y / 400) + DaysToMonth[month - 1] + leap;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
